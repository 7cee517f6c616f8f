using Microsoft.Playwright;

namespace Coloring.E2E.Pages;

/// <summary><c>/</c>: what the product does and the way in.</summary>
public sealed class HomePage(IPage page)
{
    public AppShell Shell { get; } = new(page);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Turn any photo into a coloring page", Level = 1 });

    public async Task GotoAsync() => await page.GotoAsync("/");
}
