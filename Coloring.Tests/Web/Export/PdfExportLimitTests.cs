using System.Net;
using System.Net.Http.Json;
using Coloring.Domain.Data;
using Coloring.Tests.Domain.Export;
using Coloring.Tests.Web.Api;

namespace Coloring.Tests.Web.Export;

/// <summary>PDFs are limited per person, on the export form and the API alike, through the shared limiter.</summary>
public sealed class PdfExportLimitTests() : ApiTest(DatabaseProvider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = "",
        ["RateLimits:PdfExports:PermitLimit"] = "2",
        ["RateLimits:PdfExports:Window"] = "00:10:00",
    };

    [Fact]
    public async Task TheApiRefusesAPdfOverTheLimitWith429AndRetryAfter()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var page = await App.Services.FinishedJobAsync(userId, ExportPages.Lines(1));
        var book = new { jobIds = Enumerable.Repeat(page.Id, 50).ToArray(), paper = "a4" };
        Assert.Equal(HttpStatusCode.OK, (await script.PostAsJsonAsync("/api/pdf/export", book)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await script.PostAsJsonAsync("/api/pdf/export", book)).StatusCode);

        var refused = await script.PostAsJsonAsync("/api/pdf/export", book);

        var problem = await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.InRange((int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 500, 600);
        Assert.Equal("You have printed many PDFs in a short time. You can print again in 10 minutes.", problem.GetProperty("detail").GetString());
        var (other, otherId, _) = await ScriptAsync("bob@example.com");
        var otherPage = await App.Services.FinishedJobAsync(otherId, ExportPages.Lines(2));
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsJsonAsync("/api/pdf/export", new { jobIds = new[] { otherPage.Id }, paper = "a4" })).StatusCode);
        Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.OK, (await script.PostAsJsonAsync("/api/pdf/export", book)).StatusCode);
    }

    [Fact]
    public async Task ThePagesAndTheApiShareOneCountAndTheFormSaysWhenToTryAgain()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var (browser, _) = await SignedInAsync("ann@example.com");
        var page = await App.Services.FinishedJobAsync(userId, ExportPages.Lines(1));
        Assert.Equal(HttpStatusCode.OK, (await script.PostAsJsonAsync("/api/pdf/export", new { jobIds = new[] { page.Id }, paper = "a4" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PdfExportEndpointTests.PostAsync(browser, [page.Id], ("paper", "A4"))).StatusCode);

        var refused = await PdfExportEndpointTests.PostAsync(browser, [page.Id, page.Id], ("paper", "A4"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange((int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 500, 600);
        Assert.Equal("You have printed many PDFs in a short time. You can print again in 10 minutes.", await refused.Content.ReadAsStringAsync());
    }
}
