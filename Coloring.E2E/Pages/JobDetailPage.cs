using Microsoft.Playwright;

namespace Coloring.E2E.Pages;

/// <summary><c>/jobs/{id}</c>: live progress while the page is made, then the page and its downloads.</summary>
public sealed class JobDetailPage(IPage page)
{
    public AppShell Shell { get; } = new(page);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>The progress card (waiting or being made).</summary>
    public ILocator Progress => page.GetByTestId("job-progress");

    /// <summary>What is happening now, such as "Finding the lines".</summary>
    public ILocator Stage => Progress.GetByRole(AriaRole.Heading, new() { Level = 2 });

    public ILocator ProgressBar => page.GetByRole(AriaRole.Progressbar, new() { Name = "Progress" });

    /// <summary>"42%", or "Starting soon…" while waiting in line.</summary>
    public ILocator Percent => page.GetByTestId("progress-percent");

    public ILocator PageImage => page.GetByRole(AriaRole.Img, new() { Name = "Coloring page", Exact = true });

    public ILocator DownloadPng => page.GetByRole(AriaRole.Link, new() { Name = "Download PNG" });

    public ILocator DownloadSvg => page.GetByRole(AriaRole.Link, new() { Name = "Download SVG" });

    /// <summary>Opens the <see cref="PdfExportDialog"/>.</summary>
    public ILocator ExportPdf => page.GetByRole(AriaRole.Button, new() { Name = "Export PDF" });

    /// <summary>Opens the page's PDF in a new tab, for the browser's viewer to print.</summary>
    public ILocator Print => page.GetByRole(AriaRole.Link, new() { Name = "Print" });

    public ILocator Share => page.GetByRole(AriaRole.Button, new() { Name = "Share", Exact = true });

    public ILocator EmailThisPage => page.GetByRole(AriaRole.Button, new() { Name = "E-mail this page" });

    public ILocator ShareDialog => page.GetByRole(AriaRole.Dialog);

    public ILocator MakeShareLink => ShareDialog.GetByRole(AriaRole.Button, new() { Name = "Make a link" });

    public ILocator ShareLink => ShareDialog.GetByRole(AriaRole.Textbox, new() { Name = "Share link" });

    public ILocator StopSharing => ShareDialog.GetByRole(AriaRole.Button, new() { Name = "Stop sharing" });

    public ILocator EmailDialog => page.GetByRole(AriaRole.Dialog);

    public ILocator EmailTo => EmailDialog.GetByRole(AriaRole.Textbox, new() { Name = "Send to" });

    public ILocator SendEmail => EmailDialog.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true });

    public ILocator MakeAnotherVersion => page.GetByRole(AriaRole.Link, new() { Name = "Make another version" });

    public ILocator FailureAlert => page.GetByTestId("job-failed");

    /// <summary>Opens the line editor.</summary>
    public ILocator EditLines => page.GetByRole(AriaRole.Button, new() { Name = "Edit lines" });

    public ILocator BackToTheOriginal => page.GetByRole(AriaRole.Button, new() { Name = "Back to the original" });

    /// <summary>The page's lines in the editor: a focusable area whose arrow keys pick a line.</summary>
    public ILocator LineCanvas => page.GetByRole(AriaRole.Application, new() { Name = "lines" });

    /// <summary>Every stroke in the editor, removed ones included (they are hidden), in the SVG's order.</summary>
    public ILocator Strokes => page.GetByTestId("line-canvas").Locator("path");

    public ILocator RemovedStrokes => page.GetByTestId("line-canvas").Locator("path.removed");

    public ILocator PickedStroke => page.GetByTestId("line-canvas").Locator("path.selected");

    public ILocator LineStatus => page.GetByTestId("line-status");

    public ILocator Undo => page.GetByRole(AriaRole.Button, new() { Name = "Undo" });

    public ILocator Redo => page.GetByRole(AriaRole.Button, new() { Name = "Redo" });

    public ILocator SaveLines => page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true });

    public ILocator TouchedUpNote => page.GetByTestId("touched-up");

    public async Task GotoAsync(Guid jobId) => await page.GotoAsync($"/jobs/{jobId}");

    /// <summary>The job's id, read from the address.</summary>
    public Guid JobId => Guid.Parse(new Uri(page.Url).Segments[^1].TrimEnd('/'));
}
