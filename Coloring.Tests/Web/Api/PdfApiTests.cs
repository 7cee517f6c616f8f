using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coloring.Domain.Data;
using Coloring.Domain.Export;
using Coloring.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Coloring.Tests.Web.Api;

public sealed class PdfApiOnSqliteTests() : PdfApiTests(DatabaseProvider.Sqlite);

public sealed class PdfApiOnPostgresTests() : PdfApiTests(DatabaseProvider.Postgres);

/// <summary><c>POST /api/pdf/export</c> on top of the export service.</summary>
public abstract class PdfApiTests(DatabaseProvider provider) : ApiTest(provider)
{
    [Fact]
    public async Task FinishedPagesComeBackAsABookWithTheFreeTierNoteOnlyAtZeroCredits()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var jobId = await FinishedPageAsync(script);

        var single = await script.PostAsJsonAsync("/api/pdf/export", new { jobIds = new[] { jobId }, paper = "letter", title = "Our dog" });

        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal("application/pdf", single.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", single.Content.Headers.ContentDisposition?.DispositionType);
        using (var pdf = PdfDocument.Open(await single.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal(1, pdf.NumberOfPages);
            var sheet = pdf.GetPage(1);
            Assert.Equal((612.0, 792.0), (Math.Round(Math.Min(sheet.Width, sheet.Height)), Math.Round(Math.Max(sheet.Width, sheet.Height))));
            Assert.Contains("Our dog", pdf.GetPage(1).Text);
            Assert.DoesNotContain("free tier", pdf.GetPage(1).Text);
        }

        await EmptyBalanceAsync(userId);
        var book = await script.PostAsJsonAsync("/api/pdf/export", new { jobIds = new[] { jobId, jobId }, paper = "a4", orientation = "portrait", title = "Book", cover = true });

        Assert.Equal(HttpStatusCode.OK, book.StatusCode);
        using var bookPdf = PdfDocument.Open(await book.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, bookPdf.NumberOfPages);
        Assert.Contains("free tier", bookPdf.GetPage(2).Text);
        Assert.Equal(0, await Get<Coloring.Domain.Credits.CreditLedger>().GetBalanceAsync(userId));
    }

    [Fact]
    public async Task AnotherPersonsPagesAreNotFoundAndUnfinishedOnesAreAConflict()
    {
        var (owner, ownerId, _) = await ScriptAsync("owner@example.com");
        var queued = Guid.NewGuid();
        await using (var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            db.Jobs.Add(new Job { Id = queued, UserId = ownerId, Status = JobStatus.Running, Stage = "lines", CreatedAt = Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var (stranger, _, _) = await ScriptAsync("stranger@example.com");

        await AssertProblemAsync(await stranger.PostAsJsonAsync("/api/pdf/export", new { jobIds = new[] { queued }, paper = "a4" }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await owner.PostAsJsonAsync("/api/pdf/export", new { jobIds = new[] { Guid.NewGuid() }, paper = "a4" }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await owner.PostAsJsonAsync("/api/pdf/export", new { jobIds = new[] { queued }, paper = "a4" }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/pdf/export", new { jobIds = new[] { queued }, paper = "a4" }), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("{\"paper\":\"a4\"}", "jobIds")]
    [InlineData("{\"jobIds\":[],\"paper\":\"a4\"}", "jobIds")]
    [InlineData("{\"jobIds\":\"JOB\",\"paper\":\"a4\"}", "jobIds")]
    [InlineData("{\"jobIds\":[\"nope\"],\"paper\":\"a4\"}", "jobIds[0]")]
    [InlineData("{\"jobIds\":[\"JOB\"]}", "paper")]
    [InlineData("{\"jobIds\":[\"JOB\"],\"paper\":\"a3\"}", "paper")]
    [InlineData("{\"jobIds\":[\"JOB\"],\"paper\":\"a4\",\"orientation\":\"1\"}", "orientation")]
    [InlineData("{\"jobIds\":[\"JOB\"],\"paper\":\"a4\",\"orientation\":\"sideways\"}", "orientation")]
    [InlineData("{\"jobIds\":[\"JOB\"],\"paper\":\"a4\",\"cover\":true}", "cover")]
    [InlineData("{\"jobIds\":[\"JOB\"],\"paper\":\"a4\",\"title\":\"two\\nlines\"}", "title")]
    [InlineData("{\"jobIds\":[\"JOB\"],\"paper\":\"a4\",\"title\":\"LONG\"}", "title")]
    [InlineData("{\"jobIds\":[\"JOB\"],\"paper\":\"a4\",\"cover\":\"yes\"}", "cover")]
    [InlineData("{\"jobIds\":[\"JOB\"],\"paper\":\"a4\",\"belongsToPage\":\"yes\"}", "belongsToPage")]
    [InlineData("{\"jobIds\":[\"JOB\"],\"paper\":\"a4\",\"belongsToPage\":1}", "belongsToPage")]
    [InlineData("{\"jobIds\":[\"JOB\"]", "body")]
    public async Task BadRequestsAre400sNamingTheField(string body, string field)
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var job = Guid.NewGuid().ToString();

        var response = await script.PostAsync("/api/pdf/export", RawJson(body.Replace("JOB", job).Replace("LONG", new string('x', 81))));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task TheBelongsToPageOptionAddsItsSheetBeforeThePagesAsThePdfDialogOffers()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var jobId = await FinishedPageAsync(script);

        var withSheet = await script.PostAsJsonAsync("/api/pdf/export", new { jobIds = new[] { jobId }, paper = "a4", title = "Rex", cover = true, belongsToPage = true });
        var without = await script.PostAsJsonAsync("/api/pdf/export", new { jobIds = new[] { jobId }, paper = "a4", title = "Rex", cover = true, belongsToPage = false });

        Assert.Equal(HttpStatusCode.OK, withSheet.StatusCode);
        using var pdf = PdfDocument.Open(await withSheet.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, pdf.NumberOfPages); // cover, name sheet, the page
        Assert.DoesNotContain(PdfExporter.BelongsToText, pdf.GetPage(1).Text);
        Assert.Contains(PdfExporter.BelongsToText, pdf.GetPage(2).Text);
        Assert.DoesNotContain(PdfExporter.BelongsToText, pdf.GetPage(3).Text);
        using var plain = PdfDocument.Open(await without.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, plain.NumberOfPages);
        Assert.All(plain.GetPages(), page => Assert.DoesNotContain(PdfExporter.BelongsToText, page.Text));
    }

    [Fact]
    public async Task TheOpenApiDocumentListsTheBelongsToPageOption()
    {
        var document = await JsonAsync(await Anonymous().GetAsync("/openapi/v1.json"));

        var body = document.GetProperty("components").GetProperty("schemas").GetProperty("PdfExportBody");
        Assert.True(body.GetProperty("properties").TryGetProperty("belongsToPage", out var option), body.ToString());
        Assert.Contains("belongs to", option.GetProperty("description").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MoreThanFiftyPagesIsA400()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var ids = Enumerable.Range(0, PdfExports.MaxPages + 1).Select(_ => Guid.NewGuid()).ToArray();

        await AssertProblemAsync(await script.PostAsJsonAsync("/api/pdf/export", new { jobIds = ids, paper = "a4" }), HttpStatusCode.BadRequest, "jobIds");
    }

    private static async Task<Guid> FinishedPageAsync(HttpClient script)
    {
        var photo = await UploadAsync(script);
        var jobId = (await JsonAsync(await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "toddler" }))).GetProperty("jobId").GetGuid();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var job = await JsonAsync(await script.GetAsync($"/api/jobs/{jobId}"));
            var status = job.GetProperty("status").GetString();
            if (status == "succeeded")
            {
                return jobId;
            }

            Assert.True(status is "queued" or "running" && DateTime.UtcNow < deadline, $"Job {jobId} is {status}.");
            await Task.Delay(250);
        }
    }
}
