using System.Text;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Export;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Coloring.Tests.Domain.Export;

public sealed class PdfExportsOnSqliteTests() : PdfExportsTests(DatabaseProvider.Sqlite);

public sealed class PdfExportsOnPostgresTests() : PdfExportsTests(DatabaseProvider.Postgres);

/// <summary>Printing a user's finished pages on a real database and file store, read back with PdfPig.</summary>
public abstract class PdfExportsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private PdfExports Exports => Get<PdfExports>();

    private CreditLedger Ledger => Get<CreditLedger>();

    [Fact]
    public async Task OnePageIsOneSheetWithItsTitleAboveTheDrawingAndTheDocumentProperties()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.WideSvg);

        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id], Paper.A4, Title: "  Emma's sweets  "));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("emma-s-sweets.pdf", result.FileName);
        using var pdf = ExportPages.Read(result);
        Assert.Equal(1, pdf.NumberOfPages);
        Assert.Equal("Emma's sweets", pdf.Information.Title);
        Assert.Equal("Coloring", pdf.Information.Creator);
        var page = pdf.GetPage(1);
        Assert.Equal((842, 595), page.Size()); // the sweets are wider than tall
        Assert.Contains("Emma's sweets", page.Text);
        var titleBottom = page.Letters.Min(l => l.BoundingBox.Bottom);
        var drawingTop = page.Paths.Max(p => p.GetBoundingRectangle()!.Value.Top);
        Assert.True(titleBottom > drawingTop, $"title bottom {titleBottom} is not above the drawing's top {drawingTop}");
    }

    [Theory]
    [InlineData(Paper.A4, PdfOrientation.Portrait, 595, 842)]
    [InlineData(Paper.A4, PdfOrientation.Landscape, 842, 595)]
    [InlineData(Paper.Letter, PdfOrientation.Portrait, 612, 792)]
    [InlineData(Paper.Letter, PdfOrientation.Landscape, 792, 612)]
    public async Task PaperAndAChosenOrientationSetTheSheetSizeInPoints(Paper paper, PdfOrientation orientation, int width, int height)
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.WideSvg);

        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id], paper, orientation));

        using var pdf = ExportPages.Read(result);
        Assert.Equal((width, height), pdf.GetPage(1).Size());
    }

    [Fact]
    public async Task AutomaticOrientationFollowsEachDrawingsShape()
    {
        var user = await NewUserAsync();
        var tall = await Services.FinishedJobAsync(user, ExportPages.TallSvg);
        var wide = await Services.FinishedJobAsync(user, ExportPages.WideSvg);

        var result = await Exports.ExportAsync(user, new PdfExportRequest([tall.Id, wide.Id], Paper.Letter));

        using var pdf = ExportPages.Read(result);
        Assert.Equal((612, 792), pdf.GetPage(1).Size());
        Assert.Equal((792, 612), pdf.GetPage(2).Size());
    }

    [Fact]
    public async Task TheDrawingIsStrokedVectorPathsInsideTheMarginsAndNeverAPicture()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.TallSvg);
        var strokes = PageStrokes.ReadSvg(Encoding.UTF8.GetBytes(ExportPages.TallSvg)).Strokes.Count;

        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id]));

        using var pdf = ExportPages.Read(result);
        var page = pdf.GetPage(1);
        Assert.Empty(page.GetImages());
        Assert.DoesNotContain("/Subtype /Image", Encoding.Latin1.GetString(result.Pdf!));
        Assert.All(page.Paths, p => Assert.True(p.IsStroked));
        Assert.True(page.Subpaths() >= strokes, $"{page.Subpaths()} subpaths for {strokes} strokes");
        var operators = page.Operations.Select(o => o.Operator).ToHashSet();
        Assert.Contains("c", operators); // Bézier curves
        Assert.Contains("S", operators); // stroked
        var margin = PdfExporter.Margin - 0.5;
        foreach (var box in page.Paths.Select(p => p.GetBoundingRectangle()!.Value))
        {
            Assert.InRange(box.Left, margin, page.Width - margin);
            Assert.InRange(box.Right, margin, page.Width - margin);
            Assert.InRange(box.Bottom, margin, page.Height - margin);
            Assert.InRange(box.Top, margin, page.Height - margin);
        }
    }

    [Fact]
    public async Task AOnePagePdfStaysUnderOneMegabyte()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.TallSvg);

        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id], Title: "Size check"));

        Assert.InRange(result.Pdf!.Length, 1, 1024 * 1024);
    }

    [Fact]
    public async Task AUserWithNoCreditsGetsTheFreeTierNoteOnEverySheetAndPaysNothing()
    {
        var user = await NewUserAsync(credits: 0);
        var a = await Services.FinishedJobAsync(user, ExportPages.Lines(2));
        var b = await Services.FinishedJobAsync(user, ExportPages.Lines(3));
        var eventsBefore = (await Ledger.GetHistoryAsync(user, 0, 50)).Total;

        var result = await Exports.ExportAsync(user, new PdfExportRequest([a.Id, b.Id], Title: "Free book", Cover: true));

        Assert.True(result.Watermarked);
        using var pdf = ExportPages.Read(result);
        Assert.Equal(3, pdf.NumberOfPages);
        Assert.All(pdf.GetPages(), p => Assert.Contains(PdfExporter.WatermarkText, p.Text));
        Assert.Equal(0, await Ledger.GetBalanceAsync(user));
        Assert.Equal(eventsBefore, (await Ledger.GetHistoryAsync(user, 0, 50)).Total);
    }

    [Fact]
    public async Task AUserWithCreditsGetsNoNoteAndKeepsEveryCredit()
    {
        var user = await NewUserAsync(credits: 1);
        var job = await Services.FinishedJobAsync(user, ExportPages.WideSvg);

        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id]));

        Assert.False(result.Watermarked);
        using var pdf = ExportPages.Read(result);
        Assert.DoesNotContain("free tier", pdf.GetPage(1).Text);
        Assert.Equal(1, await Ledger.GetBalanceAsync(user));
    }

    [Fact]
    public async Task TheNoteFollowsTheBalanceAtExportTime()
    {
        var user = await NewUserAsync(credits: 0);
        var job = await Services.FinishedJobAsync(user, ExportPages.Lines(1));
        var before = await Exports.ExportAsync(user, new PdfExportRequest([job.Id]));

        await Ledger.GrantAsync(user, 5, CreditReason.Purchase, $"buy-{user:N}", "test");
        var after = await Exports.ExportAsync(user, new PdfExportRequest([job.Id]));

        Assert.True(before.Watermarked);
        Assert.False(after.Watermarked);
        using var pdf = ExportPages.Read(after);
        Assert.DoesNotContain(PdfExporter.WatermarkText, pdf.GetPage(1).Text);
    }

    [Fact]
    public async Task TheFreeTierNoteSitsBelowTheDrawingNotOverItsLines()
    {
        var user = await NewUserAsync(credits: 0);
        var job = await Services.FinishedJobAsync(user, ExportPages.TallSvg);

        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id]));

        using var pdf = ExportPages.Read(result);
        var page = pdf.GetPage(1);
        var noteTop = page.Letters.Max(l => l.BoundingBox.Top);
        var drawingBottom = page.Paths.Min(p => p.GetBoundingRectangle()!.Value.Bottom);
        Assert.True(noteTop < drawingBottom, $"note top {noteTop} reaches the drawing's bottom {drawingBottom}");
        Assert.All(page.Letters, l => Assert.True(l.Color.ToRGBValues().r > 0.5, "the note is light grey"));
    }

    [Fact]
    public async Task ABookHasACoverThenOneNumberedSheetPerPageInTheChosenOrder()
    {
        var user = await NewUserAsync();
        var one = await Services.FinishedJobAsync(user, ExportPages.Lines(1));
        var two = await Services.FinishedJobAsync(user, ExportPages.Lines(2));
        var three = await Services.FinishedJobAsync(user, ExportPages.Lines(3));

        var result = await Exports.ExportAsync(user, new PdfExportRequest([three.Id, one.Id, two.Id], Paper.Letter, Title: "Our summer", Cover: true));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(4, result.Sheets);
        Assert.Equal("our-summer.pdf", result.FileName);
        using var pdf = ExportPages.Read(result);
        Assert.Equal(4, pdf.NumberOfPages);
        var cover = pdf.GetPage(1);
        Assert.Contains("Our summer", cover.Text);
        Assert.Contains("A coloring book", cover.Text);
        Assert.Equal([3, 1, 2], Enumerable.Range(2, 3).Select(n => pdf.GetPage(n).Subpaths()));
        for (var n = 2; n <= 4; n++)
        {
            var footer = pdf.GetPage(n).GetWords().Where(w => w.BoundingBox.Top < PdfExporter.Margin).Select(w => w.Text);
            Assert.Equal([(n - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)], footer);
            Assert.DoesNotContain("Our summer", pdf.GetPage(n).Text); // the title is on the cover
        }
    }

    [Fact]
    public async Task ABookWithoutACoverPrintsItsTitleAboveEveryPage()
    {
        var user = await NewUserAsync();
        var a = await Services.FinishedJobAsync(user, ExportPages.Lines(1));
        var b = await Services.FinishedJobAsync(user, ExportPages.Lines(2));

        var result = await Exports.ExportAsync(user, new PdfExportRequest([a.Id, b.Id, a.Id], Title: "Twice the fun"));

        using var pdf = ExportPages.Read(result);
        Assert.Equal(3, pdf.NumberOfPages);
        Assert.All(pdf.GetPages(), p => Assert.Contains("Twice the fun", p.Text));
        Assert.Equal([1, 2, 1], pdf.GetPages().Select(p => p.Subpaths()));
    }

    [Fact]
    public async Task FiftyPagesMakeABookAndFiftyOneAreRefused()
    {
        var user = await NewUserAsync();
        var jobs = new List<Guid>();
        for (var i = 0; i < PdfExports.MaxPages; i++)
        {
            jobs.Add((await Services.FinishedJobAsync(user, ExportPages.Lines(1 + i % 4))).Id);
        }

        var fifty = await Exports.ExportAsync(user, new PdfExportRequest(jobs, Title: "Big book", Cover: true));
        var fiftyOne = await Exports.ExportAsync(user, new PdfExportRequest([.. jobs, jobs[0]], Title: "Big book", Cover: true));

        Assert.True(fifty.Succeeded, fifty.Message);
        using var pdf = ExportPages.Read(fifty);
        Assert.Equal(51, pdf.NumberOfPages);
        Assert.Contains("50", pdf.GetPage(51).Text);
        Assert.Equal(PdfExportError.Invalid, fiftyOne.Error);
        Assert.Contains("at most 50 pages", fiftyOne.Message);
        Assert.Null(fiftyOne.Pdf);
    }

    [Fact]
    public async Task NoPagesIsRefused()
    {
        var user = await NewUserAsync();

        var result = await Exports.ExportAsync(user, new PdfExportRequest([]));

        Assert.Equal(PdfExportError.Invalid, result.Error);
        Assert.Equal("Choose at least one page.", result.Message);
    }

    [Fact]
    public async Task SomeoneElsesPageIsNotFoundJustLikeAnUnknownOne()
    {
        var owner = await NewUserAsync();
        var stranger = await NewUserAsync();
        var job = await Services.FinishedJobAsync(owner, ExportPages.Lines(1));
        var mine = await Services.FinishedJobAsync(stranger, ExportPages.Lines(1));

        var theirs = await Exports.ExportAsync(stranger, new PdfExportRequest([job.Id]));
        var unknown = await Exports.ExportAsync(stranger, new PdfExportRequest([Guid.NewGuid()]));
        var mixed = await Exports.ExportAsync(stranger, new PdfExportRequest([mine.Id, job.Id]));

        Assert.Equal(PdfExportError.NotFound, theirs.Error);
        Assert.Equal(PdfExportError.NotFound, unknown.Error);
        Assert.Equal(theirs.Message, unknown.Message);
        Assert.Equal(PdfExportError.NotFound, mixed.Error);
        Assert.Null(mixed.Pdf);
    }

    [Theory]
    [InlineData(JobStatus.Queued)]
    [InlineData(JobStatus.Running)]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Canceled)]
    public async Task APageThatIsNotFinishedIsRefusedWithNoFile(JobStatus status)
    {
        var user = await NewUserAsync();
        var done = await Services.FinishedJobAsync(user, ExportPages.Lines(1));
        var other = await Services.FinishedJobAsync(user, ExportPages.Lines(1), status);

        var result = await Exports.ExportAsync(user, new PdfExportRequest([done.Id, other.Id]));

        Assert.Equal(PdfExportError.NotFinished, result.Error);
        Assert.Null(result.Pdf);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    [Fact]
    public async Task APageWhoseFilesExpiredIsUnavailable()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.Lines(1));

        Clock.Advance(Asset.LifetimeOf(Bucket.Artifacts) + TimeSpan.FromMinutes(1));
        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id]));

        Assert.Equal(PdfExportError.Unavailable, result.Error);
        Assert.Contains("expired", result.Message);
    }

    [Theory]
    [InlineData("<svg><path d=\"M0 0 L10 10\"></svg>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg><path d=\"&x;\"/></svg>")]
    [InlineData("<html><body>not a drawing</body></html>")]
    [InlineData("\u0000\u0001\u0002 binary")]
    public async Task ADrawingThatCannotBeReadIsUnavailableNotACrash(string svg)
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, svg);

        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id]));

        Assert.Equal(PdfExportError.Unavailable, result.Error);
        Assert.Null(result.Pdf);
    }

    [Theory]
    [InlineData("\u0001\u0002\u0003")]
    [InlineData("Line\nbreak")]
    [InlineData("\t")]
    [InlineData("Tab\there")]
    [InlineData("\u202Efdp.exe")]
    [InlineData("broken \uFFFF half", "lone surrogate")]
    public async Task ATitleWithControlCharactersIsRefusedClearly(string title, string? replace = null)
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.Lines(1));

        // A lone surrogate does not survive xUnit's theory data, so it is made here.
        title = replace is null ? title : title.Replace('\uFFFF', '\uD800');

        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id], Title: title));

        Assert.Equal(PdfExportError.Invalid, result.Error);
        Assert.Matches("control characters|broken character", result.Message);
        Assert.Null(result.Pdf);
    }

    [Fact]
    public async Task ATitleOfEightyCharactersFitsOnOneLineAndEightyOneIsRefused()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.Lines(1));
        var eighty = new string('W', 80);

        var ok = await Exports.ExportAsync(user, new PdfExportRequest([job.Id], Paper.A4, PdfOrientation.Portrait, eighty));
        var tooLong = await Exports.ExportAsync(user, new PdfExportRequest([job.Id], Title: eighty + "W"));
        var huge = await Exports.ExportAsync(user, new PdfExportRequest([job.Id], Title: new string('x', 1_000_000)));

        using var pdf = ExportPages.Read(ok);
        var page = pdf.GetPage(1);
        Assert.Contains(eighty, page.Text);
        Assert.All(page.Letters, l => Assert.InRange(l.BoundingBox.Left, PdfExporter.Margin - 1, page.Width - PdfExporter.Margin + 1));
        Assert.All(page.Letters, l => Assert.InRange(l.BoundingBox.Right, PdfExporter.Margin - 1, page.Width - PdfExporter.Margin + 1));
        Assert.Equal(PdfExportError.Invalid, tooLong.Error);
        Assert.Equal("The title can be at most 80 characters.", tooLong.Message);
        Assert.Equal(PdfExportError.Invalid, huge.Error);
    }

    [Theory]
    [InlineData("Σελίδα ζωγραφικής", "σελίδα-ζωγραφικής.pdf")]
    [InlineData("Раскраска для Маши", "раскраска-для-маши.pdf")]
    [InlineData("Crème brûlée, Ærø & Łódź", "crème-brûlée-ærø-łódź.pdf")]
    public async Task TitlesInGreekCyrillicAndLatinArePrintedAsTyped(string title, string fileName)
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.Lines(1));

        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id], Title: title));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(fileName, result.FileName);
        using var pdf = ExportPages.Read(result);
        Assert.Equal(title, pdf.Information.Title);
        Assert.Equal(title, string.Join(" ", pdf.GetPage(1).GetWords().Where(w => w.BoundingBox.Bottom > PdfExporter.Margin).Select(w => w.Text)));
    }

    [Theory]
    [InlineData("Kitty 猫 🦄", "Kitty")]
    [InlineData("中文标题", "")]
    [InlineData("e\u0301te\u0301", "été")]
    public async Task CharactersTheFontLacksAreLeftOutWithoutBreakingTheExport(string title, string printed)
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.Lines(1));

        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id], Title: title));

        Assert.True(result.Succeeded, result.Message);
        using var pdf = ExportPages.Read(result);
        Assert.Equal(printed, pdf.GetPage(1).Text.Trim());
        Assert.Equal(title.Normalize(NormalizationForm.FormC), pdf.Information.Title); // the properties keep every character
    }

    [Fact]
    public async Task AHostileTitleMakesASafeFileNameAndIsPrintedAsText()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.Lines(1));

        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id], Title: "../../etc/passwd"));

        Assert.Equal("etc-passwd.pdf", result.FileName);
        using var pdf = ExportPages.Read(result);
        Assert.Contains("../../etc/passwd", pdf.GetPage(1).Text);
    }

    [Fact]
    public async Task ACoverNeedsATitle()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.Lines(1));

        var result = await Exports.ExportAsync(user, new PdfExportRequest([job.Id], Title: "   ", Cover: true));

        Assert.Equal(PdfExportError.Invalid, result.Error);
        Assert.Equal("A cover page needs a title.", result.Message);
    }

    [Fact]
    public async Task WithoutATitleThePageHasNoTextAndAPlainName()
    {
        var user = await NewUserAsync();
        var a = await Services.FinishedJobAsync(user, ExportPages.Lines(1));
        var b = await Services.FinishedJobAsync(user, ExportPages.Lines(2));

        var page = await Exports.ExportAsync(user, new PdfExportRequest([a.Id]));
        var book = await Exports.ExportAsync(user, new PdfExportRequest([a.Id, b.Id]));

        Assert.Equal("coloring-page.pdf", page.FileName);
        Assert.Equal("coloring-book.pdf", book.FileName);
        using var pdf = ExportPages.Read(page);
        Assert.Equal("", pdf.GetPage(1).Text);
        Assert.Equal("Coloring page", pdf.Information.Title);
    }

    [Fact]
    public async Task TwoBooksExportedAtOnceAreBothWhole()
    {
        var user = await NewUserAsync();
        var a = await Services.FinishedJobAsync(user, ExportPages.WideSvg);
        var b = await Services.FinishedJobAsync(user, ExportPages.TallSvg);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Exports.ExportAsync(user, new PdfExportRequest([a.Id, b.Id], Title: "Twins", Cover: true)))));

        Assert.All(results, r =>
        {
            using var pdf = ExportPages.Read(r);
            Assert.Equal(3, pdf.NumberOfPages);
        });
    }

    [Fact]
    public async Task ExportingWritesNothingToTheDatabaseOrTheFileStore()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.Lines(2));
        var files = Directory.GetFiles(Database.StorageRoot, "*", SearchOption.AllDirectories).Length;
        var assets = await CountAssetsAsync();

        await Exports.ExportAsync(user, new PdfExportRequest([job.Id], Title: "Nothing stored"));
        await Exports.ExportAsync(user, new PdfExportRequest([job.Id, Guid.NewGuid()]));

        Assert.Equal(files, Directory.GetFiles(Database.StorageRoot, "*", SearchOption.AllDirectories).Length);
        Assert.Equal(assets, await CountAssetsAsync());
    }

    private async Task<Guid> NewUserAsync(int credits = 3)
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);
        if (credits != 3)
        {
            await Ledger.GrantAsync(user.Id, credits - 3, CreditReason.AdminGrant, $"set-{user.Id:N}", "test");
        }

        return user.Id;
    }

    private async Task<int> CountAssetsAsync()
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await db.Assets.CountAsync();
    }
}
