using System.Net;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Tests.Domain.Export;
using Coloring.Tests.Support;
using UglyToad.PdfPig;

namespace Coloring.Tests.Web.Export;

public sealed class PdfExportEndpointOnSqliteTests() : PdfExportEndpointTests(DatabaseProvider.Sqlite);

public sealed class PdfExportEndpointOnPostgresTests() : PdfExportEndpointTests(DatabaseProvider.Postgres);

/// <summary><c>POST /export/pdf</c> in the real app: the form the export dialogs post.</summary>
public abstract class PdfExportEndpointTests(DatabaseProvider provider) : AppTest(provider)
{
    [Fact]
    public async Task TheOwnerDownloadsTheBookAsAnAttachmentWithASafeName()
    {
        var (browser, userId) = await SignedInAsync("ann@example.com");
        var a = await App.Services.FinishedJobAsync(userId, ExportPages.Lines(1));
        var b = await App.Services.FinishedJobAsync(userId, ExportPages.Lines(2));

        var response = await PostAsync(browser, [a.Id, b.Id], ("paper", "Letter"), ("orientation", "Landscape"), ("title", "../Our \"book\""), ("cover", "true"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("our-book.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, pdf.NumberOfPages);
        Assert.All(pdf.GetPages(), p => Assert.Equal((792, 612), p.Size()));
        Assert.Contains("../Our \"book\"", pdf.GetPage(1).Text);
        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(userId));
    }

    [Fact]
    public async Task WithoutSigningInTheAnswerIs401()
    {
        var (owner, userId) = await SignedInAsync("ann@example.com");
        var job = await App.Services.FinishedJobAsync(userId, ExportPages.Lines(1));
        var anonymous = App.CreateBrowser();

        var response = await PostAsync(anonymous, [job.Id]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("%PDF", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithoutTheAntiforgeryTokenTheAnswerIs400()
    {
        var (browser, userId) = await SignedInAsync("ann@example.com");
        var job = await App.Services.FinishedJobAsync(userId, ExportPages.Lines(1));

        var response = await browser.PostAsync("/export/pdf", new FormUrlEncodedContent([new("jobIds", job.Id.ToString())]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SomeoneElsesPageAndAnUnknownPageAnswer404Alike()
    {
        var (_, ownerId) = await SignedInAsync("owner@example.com");
        var job = await App.Services.FinishedJobAsync(ownerId, ExportPages.Lines(1));
        var (stranger, _) = await SignedInAsync("stranger@example.com");

        var theirs = await PostAsync(stranger, [job.Id]);
        var unknown = await PostAsync(stranger, [Guid.NewGuid()]);

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await theirs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APageStillBeingMadeAnswers409WithTheReason()
    {
        var (browser, userId) = await SignedInAsync("ann@example.com");
        var job = await App.Services.FinishedJobAsync(userId, ExportPages.Lines(1), JobStatus.Running);

        var response = await PostAsync(browser, [job.Id]);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("still being made", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("title", "\u0001\u0002")]
    [InlineData("paper", "A3")]
    [InlineData("orientation", "sideways")]
    [InlineData("orientation", "1")]
    [InlineData("jobIds", "../../etc/passwd")]
    [InlineData("cover", "true")]
    public async Task BadFieldsAnswer400WithAReason(string field, string value)
    {
        var (browser, userId) = await SignedInAsync("ann@example.com");
        var job = await App.Services.FinishedJobAsync(userId, ExportPages.Lines(1));

        var response = await PostAsync(browser, [job.Id], (field, value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task TooLongATitleAndTooManyPagesAnswer400()
    {
        var (browser, userId) = await SignedInAsync("ann@example.com");
        var job = await App.Services.FinishedJobAsync(userId, ExportPages.Lines(1));

        var longTitle = await PostAsync(browser, [job.Id], ("title", new string('a', 81)));
        var tooMany = await PostAsync(browser, Enumerable.Repeat(job.Id, 51).ToList());
        var none = await PostAsync(browser, []);
        var flood = await PostAsync(browser, Enumerable.Range(0, 2000).Select(_ => Guid.NewGuid()).ToList());

        Assert.Equal(HttpStatusCode.BadRequest, longTitle.StatusCode);
        Assert.Equal("The title can be at most 80 characters.", await longTitle.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 50 pages", await tooMany.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.True(flood.StatusCode == HttpStatusCode.BadRequest, await flood.Content.ReadAsStringAsync());
        Assert.Contains("at most 50 pages", await flood.Content.ReadAsStringAsync());
    }

    /// <summary>Posts the export form as the browser does, with the antiforgery token of a page it loaded.</summary>
    internal static async Task<HttpResponseMessage> PostAsync(HttpClient browser, IReadOnlyList<Guid> jobIds, params (string Name, string Value)[] fields)
    {
        var page = await browser.GetStringAsync("/account/sign-in");
        var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", FormPosting.AntiforgeryToken(page)) };
        form.AddRange(jobIds.Select(id => new KeyValuePair<string, string>("jobIds", id.ToString())));
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await browser.PostAsync("/export/pdf", new FormUrlEncodedContent(form));
    }
}
