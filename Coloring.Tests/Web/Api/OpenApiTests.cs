using System.Net;
using Coloring.Domain.Data;

namespace Coloring.Tests.Web.Api;

/// <summary>The OpenAPI document and the readable reference page.</summary>
public sealed class OpenApiTests() : ApiTest(DatabaseProvider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:AdminEmails:0"] = "boss@example.com" };

    [Fact]
    public async Task TheAdminEndpointsAreLeftOutOfTheDocumentForAnybodyButAnAdmin()
    {
        var (person, _) = await BrowserAsync("ann@example.com");
        var (script, _, _) = await ScriptAsync("bob@example.com");

        foreach (var reader in new[] { Anonymous(), person, script })
        {
            var paths = (await JsonAsync(await reader.GetAsync("/openapi/v1.json"))).GetProperty("paths");
            Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/api/admin", StringComparison.OrdinalIgnoreCase));
            Assert.True(paths.TryGetProperty("/api/jobs", out _));
        }
    }

    [Fact]
    public async Task AnAdminSeesTheAdminEndpointsInTheDocument()
    {
        var (admin, _) = await BrowserAsync("boss@example.com");

        var paths = (await JsonAsync(await admin.GetAsync("/openapi/v1.json"))).GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/admin/users", out _), "An admin's document lists /api/admin/users.");
        Assert.True(paths.TryGetProperty("/api/jobs", out _));
    }

    [Fact]
    public async Task TheReferencePageShowsTheAdminEndpointsOnlyToAnAdmin()
    {
        var (person, _) = await BrowserAsync("ann@example.com");
        var (admin, _) = await BrowserAsync("boss@example.com");

        var anonymousPage = await Anonymous().GetStringAsync("/api/docs");
        var personPage = await person.GetStringAsync("/api/docs");
        var adminPage = await admin.GetStringAsync("/api/docs");

        Assert.DoesNotContain("/api/admin", anonymousPage);
        Assert.DoesNotContain("/api/admin", personPage);
        Assert.Contains("/api/admin/users", adminPage);
        Assert.Contains("/api/jobs/{id}", personPage);
    }

    [Fact]
    public async Task EveryEndpointForScriptsHasASummary()
    {
        var paths = (await JsonAsync(await Anonymous().GetAsync("/openapi/v1.json"))).GetProperty("paths");

        var missing = paths.EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name.ToUpperInvariant()} {path.Name}", Operation: op.Value)))
            .Where(op => !op.Operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
            .Select(op => op.Name)
            .ToList();
        Assert.True(missing.Count == 0, "Without a summary: " + string.Join(", ", missing));
        Assert.True(paths.EnumerateObject().Count() >= 10);
    }

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
            ("/api/credits/packs", "get"), ("/api/credits/checkout", "post"), ("/api/previews", "post"),
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
        foreach (var option in new[] { "subject", "crop", "turns", "detail", "background" })
        {
            Assert.True(createJob.GetProperty("properties").TryGetProperty(option, out _), $"POST /api/jobs does not take {option}");
        }

        var preview = paths.GetProperty("/api/previews").GetProperty("post");
        Assert.True(preview.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("image/png", out _));
        Assert.True(preview.GetProperty("responses").TryGetProperty("429", out _));
        Assert.True(preview.GetProperty("responses").TryGetProperty("404", out _));
        Assert.True(paths.GetProperty("/api/jobs").GetProperty("post").GetProperty("responses").TryGetProperty("409", out _));
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
