using Microsoft.Playwright;

namespace Coloring.E2E.Pages;

/// <summary><c>/account/magic?token=…</c>: where the e-mailed link leads; only its Continue button signs in.</summary>
public sealed class MagicLinkPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator ContinueButton => page.GetByRole(AriaRole.Button, new() { Name = "Continue" });

    /// <summary>The warning shown when someone else is signed in in this browser (an alert, so it is announced).</summary>
    public ILocator SwitchAccountWarning => page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Continuing signs you out of that account" });

    /// <summary>Why the link does not work (used, expired, unknown).</summary>
    public ILocator Problem => page.GetByRole(AriaRole.Alert);

    /// <summary>The form to ask for a new link, shown when this one does not work.</summary>
    public SignInPage NewLinkForm { get; } = new(page);

    public async Task OpenAsync(string link) => await page.GotoAsync(link);

    public async Task ContinueAsync() => await ContinueButton.ClickAsync();
}
