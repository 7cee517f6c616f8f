using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Pages;

/// <summary>What every admin page shares: the section links, and knowing when the page is interactive.</summary>
public class AdminShell(IPage page)
{
    protected IPage Page { get; } = page;

    public ILocator Sections => Page.GetByRole(AriaRole.Navigation, new() { Name = "Admin sections" });

    /// <summary>The rows of the page's main table once loaded (the empty-state row counts as one).</summary>
    public ILocator TableRows => Page.Locator(".mud-table-body tr");

    /// <summary>Waits for the circuit: a click on the prerendered page goes nowhere.</summary>
    public async Task WaitUntilInteractiveAsync() =>
        await Expect(Page.Locator("nav.admin-nav[data-interactive=true]")).ToHaveCountAsync(1);
}

/// <summary><c>/admin/users/{id}</c>: one user's balance, credits form, access buttons, ledger and pages.</summary>
public sealed class AdminUserPage(IPage page) : AdminShell(page)
{
    public ILocator Balance => Page.GetByTestId("user-balance");

    public ILocator Amount => Page.GetByLabel("Credits", new() { Exact = true });

    public ILocator Reason => Page.GetByLabel("Reason");

    public ILocator AddCredits => Page.GetByRole(AriaRole.Button, new() { Name = "Add credits" });

    public ILocator Ledger => Page.Locator("[aria-label=Ledger]");

    public async Task GotoAsync(Guid userId)
    {
        await Page.GotoAsync($"/admin/users/{userId}");
        await WaitUntilInteractiveAsync();
    }
}

/// <summary><c>/admin/flags</c>: one card per flag with a switch, its message and Save.</summary>
public sealed class AdminFlagsPage(IPage page) : AdminShell(page)
{
    public ILocator Card(string key) => Page.GetByTestId($"flag-{key}");

    /// <summary>The "On" or "Off" chip of the saved value.</summary>
    public ILocator State(string key) => Page.GetByTestId($"flag-state-{key}");

    public ILocator Switch(string key) => Card(key).GetByRole(AriaRole.Switch);

    public ILocator Message(string key) => Card(key).GetByRole(AriaRole.Textbox);

    public ILocator Save(string key) => Card(key).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Save") });

    public async Task GotoAsync()
    {
        await Page.GotoAsync("/admin/flags");
        await WaitUntilInteractiveAsync();
    }
}
