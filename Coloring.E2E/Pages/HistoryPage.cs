using Microsoft.Playwright;

namespace Coloring.E2E.Pages;

/// <summary><c>/jobs</c>: the gallery of every page the user made, with names, search, filters, Open and Delete, and the photo setting.</summary>
public sealed class HistoryPage(IPage page)
{
    public AppShell Shell { get; } = new(page);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "My pages", Level = 1 });

    public ILocator Gallery => page.GetByRole(AriaRole.List, new() { Name = "My pages" });

    /// <summary>The pages shown, newest first (each a card in the gallery).</summary>
    public ILocator Rows => page.GetByTestId("gallery-page");

    /// <summary>The card's preview (named "Coloring page 1: Page of 26 Nov 2026, 14:05").</summary>
    public ILocator Thumbnail(ILocator row) => row.GetByRole(AriaRole.Img, new() { Name = "Coloring page" });

    public ILocator Open(ILocator row) => row.GetByRole(AriaRole.Link, new() { Name = "Open page" });

    /// <summary>The card's Delete button (named "Delete page 1, Page of 26 Nov 2026, 14:05").</summary>
    public ILocator Delete(ILocator row) => row.GetByRole(AriaRole.Button, new() { Name = "Delete page" });

    /// <summary>The card's name as shown.</summary>
    public ILocator Name(ILocator row) => row.GetByRole(AriaRole.Heading, new() { Level = 2 });

    public ILocator Rename(ILocator row) => row.GetByRole(AriaRole.Button, new() { Name = "Rename page" });

    public ILocator NameField(ILocator row) => row.GetByRole(AriaRole.Textbox, new() { Name = "Name of page" });

    public ILocator SaveName(ILocator row) => row.GetByRole(AriaRole.Button, new() { Name = "Save name" });

    public ILocator Favourite(ILocator row) => row.GetByRole(AriaRole.Button, new() { Name = "Favourite:" });

    public ILocator ExpiryWarning(ILocator row) => row.GetByTestId("expiry-warning");

    public ILocator Keep(ILocator row) => row.GetByRole(AriaRole.Button, new() { Name = "Keep page" });

    public ILocator KeptNote(ILocator row) => row.GetByTestId("kept-note");

    public ILocator Search => page.GetByRole(AriaRole.Textbox, new() { Name = "Search by name" });

    public ILocator FavouritesOnly => page.GetByRole(AriaRole.Switch, new() { Name = "Favourites only" }).Or(page.GetByLabel("Favourites only"));

    public ILocator NoMatch => page.GetByTestId("no-match");

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

    public ILocator Pager => page.GetByRole(AriaRole.Navigation, new() { Name = "Pages of the gallery" });

    public async Task GotoAsync() => await page.GotoAsync("/jobs");
}
