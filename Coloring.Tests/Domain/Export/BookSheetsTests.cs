using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Export;
using Coloring.Engine;
using Coloring.Tests.Support;

namespace Coloring.Tests.Domain.Export;

/// <summary>A book's front sheets: a cover carrying the first page's drawing, and the optional "This book belongs to" sheet.</summary>
public sealed class BookSheetsTests() : DatabaseTest(DatabaseProvider.Sqlite)
{
    private PdfExports Exports => Get<PdfExports>();

    [Fact]
    public async Task The_cover_carries_the_first_pages_drawing_small_under_the_title()
    {
        var user = await NewUserAsync();
        var first = await Services.FinishedJobAsync(user, ExportPages.Lines(7));
        var second = await Services.FinishedJobAsync(user, ExportPages.Lines(2));

        using var pdf = ExportPages.Read(await Exports.ExportAsync(user, new PdfExportRequest([first.Id, second.Id], Title: "Our summer", Cover: true)));

        var cover = pdf.GetPage(1);
        Assert.Equal(2 + 7, cover.Subpaths()); // the double frame, and the first drawing's seven strokes
        var titleBottom = cover.Letters.Where(l => "Our summer".Contains(l.Value, StringComparison.Ordinal)).Min(l => l.BoundingBox.Bottom);
        var drawing = cover.Paths.Select(p => p.GetBoundingRectangle()!.Value).Where(b => b.Width < cover.Width - 2 * PdfExporter.Margin - 20).ToList();
        Assert.NotEmpty(drawing);
        Assert.True(drawing.Max(b => b.Top) < titleBottom, "The drawing is under the title.");
        Assert.True(drawing.Max(b => b.Right) - drawing.Min(b => b.Left) < cover.Width * 0.6, "The drawing is small.");
    }

    [Fact]
    public async Task A_book_can_start_with_a_this_book_belongs_to_sheet_after_its_cover()
    {
        var user = await NewUserAsync();
        var one = await Services.FinishedJobAsync(user, ExportPages.Lines(1));
        var two = await Services.FinishedJobAsync(user, ExportPages.Lines(2));

        var result = await Exports.ExportAsync(user, new PdfExportRequest([one.Id, two.Id], Paper.A4, PdfOrientation.Portrait, "Mine", Cover: true, BelongsToPage: true));

        Assert.Equal(4, result.Sheets);
        using var pdf = ExportPages.Read(result);
        Assert.Equal(4, pdf.NumberOfPages);
        Assert.Contains("Mine", pdf.GetPage(1).Text);
        Assert.Contains(PdfExporter.BelongsToText, pdf.GetPage(2).Text);
        Assert.Equal(1, pdf.GetPage(2).Subpaths()); // the line to write a name on
        Assert.Equal([1, 2], new[] { 3, 4 }.Select(n => pdf.GetPage(n).Subpaths()));
    }

    [Fact]
    public async Task Without_a_cover_the_belongs_to_sheet_comes_first()
    {
        var user = await NewUserAsync();
        var one = await Services.FinishedJobAsync(user, ExportPages.Lines(1));

        var result = await Exports.ExportAsync(user, new PdfExportRequest([one.Id], BelongsToPage: true));

        using var pdf = ExportPages.Read(result);
        Assert.Equal(2, pdf.NumberOfPages);
        Assert.Contains(PdfExporter.BelongsToText, pdf.GetPage(1).Text);
        Assert.Equal(1, pdf.GetPage(2).Subpaths());
    }

    private async Task<Guid> NewUserAsync()
    {
        var user = await Services.AddUserAsync();
        await Get<CreditLedger>().OpenAccountAsync(user.Id);
        return user.Id;
    }
}
