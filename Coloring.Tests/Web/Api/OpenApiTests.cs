using System.Net;
using Coloring.Domain.Data;

namespace Coloring.Tests.Web.Api;

/// <summary>The OpenAPI document and the readable reference page.</summary>
public sealed class OpenApiTests() : ApiTest(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task TheDocumentDescribesEveryEndpointAndTheBearerScheme()
    {
        var response = await Anonymous().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await JsonAsync(response);
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/auth/magic-link", "post"), ("/api/upload", "post"), ("/api/jobs", "post"), ("/api/jobs", "get"), ("/api/jobs/{id}", "get"),
            ("/api/credits", "get"), ("/api/user/profile", "get"), ("/api/user/profile", "patch"), ("/api/tokens", "post"),
            ("/api/tokens", "get"), ("/api/tokens/{id}", "delete"), ("/api/pdf/export", "post"),
            ("/api/credits/packs", "get"), ("/api/credits/checkout", "post"),
        })
        {
            Assert.True(paths.GetProperty(path).TryGetProperty(method, out _), $"{method} {path} is not described");
        }

        Assert.True(paths.GetProperty("/api/jobs").GetProperty("post").GetProperty("responses").TryGetProperty("402", out _));
        Assert.True(paths.GetProperty("/api/jobs").GetProperty("post").GetProperty("responses").TryGetProperty("429", out _));
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.False(paths.TryGetProperty("/files/{assetId}", out _));
        Assert.False(paths.TryGetProperty("/api/payments/stripe/webhook", out _)); // Stripe's, not for scripts
        var createJob = document.GetProperty("components").GetProperty("schemas").GetProperty("CreateJobRequest");
        Assert.Contains("toddler", createJob.GetProperty("properties").GetProperty("preset").GetProperty("description").GetString());
    }

    [Fact]
    public async Task TheReferencePageListsTheEndpointsForAnybody()
    {
        var page = await Anonymous().GetAsync("/api/docs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Coloring API", html);
        Assert.Contains("/api/jobs/{id}", html);
        Assert.Contains("Start a page", html);
        Assert.Contains("Authorization: Bearer", html);
    }

    [Fact]
    public async Task UnknownAddressesAndMethodsUnderApiAnswerWithProblemDetails()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");

        await AssertProblemAsync(await script.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await script.PutAsync("/api/jobs", RawJson("{}")), HttpStatusCode.MethodNotAllowed);
    }
}
