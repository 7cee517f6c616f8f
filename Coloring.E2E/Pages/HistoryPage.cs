using Microsoft.Playwright;

namespace Coloring.E2E.Pages;

/// <summary><c>/jobs</c>: every page the user made, with Open and Delete, and the photo setting.</summary>
public sealed class HistoryPage(IPage page)
{
    public AppShell Shell { get; } = new(page);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "My pages", Level = 1 });

    public ILocator Table => page.GetByRole(AriaRole.Table);

    /// <summary>The rows with a page in them (not the header, not the empty state).</summary>
    public ILocator Rows => Table.Locator("tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Open" }) });

    public ILocator Thumbnail(ILocator row) => row.GetByRole(AriaRole.Img, new() { Name = "Coloring page" });

    public ILocator Open(ILocator row) => row.GetByRole(AriaRole.Link, new() { Name = "Open" });

    /// <summary>The row's Delete button (named "Delete page from 26 Nov 2026, 14:05").</summary>
    public ILocator Delete(ILocator row) => row.GetByRole(AriaRole.Button, new() { Name = "Delete page from" });

    public ILocator DeletePhotosSwitch => page.GetByRole(AriaRole.Switch, new() { Name = "Delete my photos as soon as the page is made" })
        .Or(page.GetByLabel("Delete my photos as soon as the page is made"));

    public ILocator ConfirmDialog => page.GetByRole(AriaRole.Dialog);

    public ILocator ConfirmDelete => ConfirmDialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true });

    public ILocator KeepIt => ConfirmDialog.GetByRole(AriaRole.Button, new() { Name = "Keep it" });

    /// <summary>The row's "add to the book" box (finished pages only).</summary>
    public ILocator AddToBook(ILocator row) => row.GetByRole(AriaRole.Checkbox, new() { Name = "to the book" });

    /// <summary>"To print several pages as one book, tick them…", shown until a page is ticked.</summary>
    public ILocator BookHint => page.GetByTestId("book-hint");

    /// <summary>The chosen pages, numbered in print order.</summary>
    public ILocator BookTray => page.GetByTestId("book-tray");

    public ILocator BookPages => BookTray.GetByTestId("book-page");

    public ILocator MoveEarlier(int position) => BookTray.GetByRole(AriaRole.Button, new() { Name = $"Move page {position} earlier" });

    public ILocator MakeABook => BookTray.GetByRole(AriaRole.Button, new() { Name = "Make a book" });

    public ILocator EmptyState => page.GetByText("No pages yet", new() { Exact = true });

    public ILocator Pager => page.Locator(".mud-table-pagination");

    public async Task GotoAsync() => await page.GotoAsync("/jobs");
}
