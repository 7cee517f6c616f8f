using Microsoft.Playwright;

namespace Coloring.E2E.Pages;

/// <summary>The "Export PDF" / "Make a book" dialog: title, cover, paper, orientation, Download PDF.</summary>
public sealed class PdfExportDialog(IPage page)
{
    public ILocator Root => page.GetByRole(AriaRole.Dialog);

    /// <summary>"Title (optional)" for one page, "Book title (optional)" for a book.</summary>
    public ILocator Title => Root.GetByLabel(new System.Text.RegularExpressions.Regex("title \\(optional\\)", System.Text.RegularExpressions.RegexOptions.IgnoreCase));

    public ILocator Cover => Root.GetByLabel("Start with a cover page showing the title");

    public ILocator Paper(string name) => Root.GetByRole(AriaRole.Radio, new() { Name = name, Exact = true });

    public ILocator Orientation(string name) => Root.GetByRole(AriaRole.Radio, new() { Name = name, Exact = true });

    public ILocator FreeTierNote => Root.GetByTestId("pdf-free-tier");

    public ILocator Download => Root.GetByRole(AriaRole.Button, new() { Name = "Download PDF" });
}
