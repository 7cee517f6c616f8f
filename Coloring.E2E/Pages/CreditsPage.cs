using Microsoft.Playwright;

namespace Coloring.E2E.Pages;

/// <summary><c>/credits</c>: the balance and its history.</summary>
public sealed class CreditsPage(IPage page)
{
    public AppShell Shell { get; } = new(page);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Credits", Exact = true, Level = 1 });

    /// <summary>The big balance under the heading, such as "3 credits".</summary>
    public ILocator Balance => page.GetByRole(AriaRole.Heading, new() { Level = 3 });

    public ILocator History => page.GetByRole(AriaRole.Table);

    public ILocator HistoryRow(string whatHappened) => History.GetByRole(AriaRole.Row).Filter(new() { HasText = whatHappened });

    /// <summary>The Buy button of the pack that gives <paramref name="credits"/> credits.</summary>
    public ILocator Buy(int credits) => page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^Buy {credits} credits for ") });

    /// <summary>The list of purchases with amount and date.</summary>
    public ILocator Purchases => page.GetByRole(AriaRole.List, new() { Name = "Purchases" });

    public async Task GotoAsync() => await page.GotoAsync("/credits");
}
