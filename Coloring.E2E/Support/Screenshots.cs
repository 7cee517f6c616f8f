using Microsoft.Playwright;

namespace Coloring.E2E.Support;

/// <summary>Full-page PNGs of a page at desktop and phone size, kept as test output for people to look at.</summary>
public static class Screenshots
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary><c>$COLORING_TEST_OUTPUT/screenshots</c>, else <c>TestResults/screenshots</c> beside the test assembly.</summary>
    public static string Folder { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("COLORING_TEST_OUTPUT") is { Length: > 0 } output ? output : Path.Combine(AppContext.BaseDirectory, "TestResults"),
        "screenshots");

    /// <summary>Saves <c>{name}-desktop.png</c> and <c>{name}-phone.png</c>, then puts the desktop size back.</summary>
    public static async Task CaptureAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{name}-desktop.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{name}-phone.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
    }
}
