using Microsoft.Playwright;

namespace Coloring.E2E.Support;

/// <summary>Checks on what a person sees of the layout, such as a phone page that scrolls sideways.</summary>
public static class Layout
{
    /// <summary>The page is no wider than the viewport: nothing pushes it sideways.</summary>
    public static async Task ExpectNoSidewaysScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, viewportWidth) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= viewportWidth, $"The page is {scrollWidth} px wide in a {viewportWidth} px viewport.");
    }

    /// <summary>Nothing inside the element runs out of its box (its content is no wider than it).</summary>
    public static async Task ExpectNoOverflowAsync(ILocator element)
    {
        var widths = await element.EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"The content is {widths[0]} px wide in a {widths[1]} px box.");
    }
}
