using Coloring.Domain.Credits;
using Coloring.Domain.Export;
using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Export;

/// <summary>Printing from the browser: one page from its job page, and a book from My pages.</summary>
[Collection(JobsCollection.Name)]
public sealed class PdfExportTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AParentExportsOnePageAsAPdfWithATitleOnLetterPaper()
    {
        var email = NewEmail("print");
        await SignInAsync(Page, email);
        await MakePageAsync(Page, TestPhotos.Dog);
        var job = new JobDetailPage(Page);

        await job.ExportPdf.ClickAsync();
        var dialog = new PdfExportDialog(Page);
        await Expect(dialog.Root).ToBeVisibleAsync();
        await Expect(dialog.FreeTierNote).ToHaveCountAsync(0); // 2 credits left
        await dialog.Title.FillAsync("Max the dog");
        await dialog.Paper("Letter").CheckAsync();
        await Screenshots.CaptureAsync(Page, "70-export-pdf-dialog");
        var download = await Page.RunAndWaitForDownloadAsync(() => dialog.Download.ClickAsync());

        Assert.Equal("max-the-dog.pdf", download.SuggestedFilename);
        using var pdf = PdfDocument.Open(await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.Equal(1, pdf.NumberOfPages);
        Assert.Equal("Max the dog", pdf.Information.Title);
        Assert.Equal("Coloring", pdf.Information.Creator);
        var sheet = pdf.GetPage(1);
        Assert.Contains(((int)Math.Round(sheet.Width), (int)Math.Round(sheet.Height)), new[] { (612, 792), (792, 612) });
        Assert.Contains("Max the dog", sheet.Text);
        Assert.DoesNotContain("free tier", sheet.Text);
        Assert.Empty(sheet.GetImages());
        Assert.True(sheet.Paths.Sum(p => p.Count) > 20, "The drawing is there as vector paths.");
        await Expect(dialog.Root).ToHaveCountAsync(0);
        await Expect(job.Shell.Balance).ToHaveTextAsync("2 credits"); // printing is free
    }

    [Fact]
    public async Task AParentMakesAThreePageBookInTheChosenOrder()
    {
        var email = NewEmail("book");
        await SignInAsync(Page, email);
        var sweets = await MakePageAsync(Page, TestPhotos.Sweets);
        var house = await MakePageAsync(Page, TestPhotos.House);
        var dog = await MakePageAsync(Page, TestPhotos.Dog);
        var history = new HistoryPage(Page);
        await history.GotoAsync();
        await Expect(history.Rows).ToHaveCountAsync(3);
        await Expect(history.BookHint).ToBeVisibleAsync();

        // Newest first in the table: dog, house, sweets. Tick sweets, dog, house; then move house before dog.
        await history.AddToBook(history.Rows.Nth(2)).CheckAsync();
        await history.AddToBook(history.Rows.Nth(0)).CheckAsync();
        await history.AddToBook(history.Rows.Nth(1)).CheckAsync();
        await Expect(history.BookPages).ToHaveCountAsync(3);
        async Task<string[]> BookOrderAsync() => await history.BookPages.EvaluateAllAsync<string[]>("pages => pages.map(p => p.dataset.job)");
        await history.MoveEarlier(3).ClickAsync(); // the keyboard way: sweets, house, dog
        await Expect(history.BookPages.Nth(1)).ToHaveAttributeAsync("data-job", house.ToString());

        // Dragging sweets onto the last place, then back onto the first, ends where the arrows left it.
        await history.BookPages.Nth(0).DragToAsync(history.BookPages.Nth(2));
        await Expect(history.BookPages.Nth(2)).ToHaveAttributeAsync("data-job", sweets.ToString());
        Assert.Equal(new[] { house, dog, sweets }.Select(id => id.ToString()), await BookOrderAsync());
        await history.BookPages.Nth(2).DragToAsync(history.BookPages.Nth(0));
        await Expect(history.BookPages.Nth(0)).ToHaveAttributeAsync("data-job", sweets.ToString());
        Assert.Equal(new[] { sweets, house, dog }.Select(id => id.ToString()), await BookOrderAsync());
        await Screenshots.CaptureAsync(Page, "71-book-tray");
        await history.MakeABook.ClickAsync();
        var dialog = new PdfExportDialog(Page);
        await Expect(dialog.FreeTierNote).ToBeVisibleAsync(); // three pages spent every credit
        await dialog.Title.FillAsync("Our summer");
        await Expect(dialog.Cover).ToBeCheckedAsync();
        await Expect(dialog.Orientation("Portrait")).ToBeCheckedAsync(); // one way round for the whole book
        await Screenshots.CaptureAsync(Page, "72-book-dialog");
        var download = await Page.RunAndWaitForDownloadAsync(() => dialog.Download.ClickAsync());

        Assert.Equal("our-summer.pdf", download.SuggestedFilename);
        using var pdf = PdfDocument.Open(await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.Equal(4, pdf.NumberOfPages);
        Assert.Contains("Our summer", pdf.GetPage(1).Text);
        Assert.All(pdf.GetPages(), p => Assert.Contains(PdfExporter.WatermarkText, p.Text));
        for (var n = 2; n <= 4; n++)
        {
            var sheet = pdf.GetPage(n);
            Assert.Contains((n - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), sheet.GetWords().Where(w => w.BoundingBox.Top < PdfExporter.Margin).Select(w => w.Text));
            Assert.Empty(sheet.GetImages());
        }

        // Each sheet carries the drawing of the page chosen for that place.
        var expected = new List<int>();
        foreach (var id in new[] { sweets, house, dog })
        {
            expected.Add(await SubpathsOfAsync(email, id));
        }

        Assert.Equal(expected, Enumerable.Range(2, 3).Select(n => pdf.GetPage(n).Paths.Sum(p => p.Count)));
        Assert.True(pdf.GetPage(1).Paths.Sum(p => p.Count) > expected[0], "The cover carries the first page's drawing under the title.");
        Assert.All(pdf.GetPages(), p => Assert.True(p.Height > p.Width, "Every sheet of the book is portrait."));
        Assert.Equal(0, await Fixture.App.Services.GetRequiredService<CreditLedger>().GetBalanceAsync(await UserIdAsync(email)));
    }

    /// <summary>How many subpaths one page's drawing makes when printed on its own.</summary>
    private async Task<int> SubpathsOfAsync(string email, Guid jobId)
    {
        var result = await Fixture.App.Services.GetRequiredService<PdfExports>().ExportAsync(await UserIdAsync(email), new PdfExportRequest([jobId]));
        using var single = PdfDocument.Open(result.Pdf!);
        return single.GetPage(1).Paths.Sum(p => p.Count);
    }
}
