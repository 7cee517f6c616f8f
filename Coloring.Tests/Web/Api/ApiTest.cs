using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Coloring.Tests.Web.Api;

/// <summary>Whole-app tests of the HTTP API: signed-in browsers, scripts with personal tokens, and the answers' shapes.</summary>
public abstract class ApiTest(DatabaseProvider provider) : AppTest(provider)
{
    /// <summary>A script holding a personal API token of <paramref name="email"/> (made with the browser), and no cookie.</summary>
    protected async Task<(HttpClient Script, Guid UserId, string Token)> ScriptAsync(string email)
    {
        var (browser, userId) = await BrowserAsync(email);
        var created = await browser.PostAsJsonAsync("/api/tokens", new { name = "test script" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await JsonAsync(created)).GetProperty("token").GetString()!;
        return (ScriptWith(token), userId, token);
    }

    /// <summary>A client with no cookies that sends <paramref name="token"/> as a bearer token.</summary>
    protected HttpClient ScriptWith(string token)
    {
        var script = Anonymous();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return script;
    }

    protected HttpClient Anonymous() =>
        App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });

    protected static MultipartFormDataContent PhotoForm(byte[] bytes, string field = "file", string fileName = "photo.png")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    /// <summary>Uploads a test photo and returns its asset id.</summary>
    protected static async Task<Guid> UploadAsync(HttpClient client, string photo = "sweets.png")
    {
        var response = await client.PostAsync("/api/upload", PhotoForm(TestImages.Photo(photo)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("assetId").GetGuid();
    }

    protected static StringContent RawJson(string body) => new(body, Encoding.UTF8, "application/json");

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>Asserts an RFC 7807 answer with <paramref name="status"/>, naming <paramref name="field"/> among its errors when given.</summary>
    protected static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}: {body}");
        }

        return problem;
    }

    /// <summary>Takes every credit away, as support would.</summary>
    protected async Task EmptyBalanceAsync(Guid userId)
    {
        var ledger = Get<CreditLedger>();
        var balance = await ledger.GetBalanceAsync(userId);
        Assert.Equal(LedgerResult.Applied, await ledger.GrantAsync(userId, -balance, CreditReason.AdminGrant, $"empty-{Guid.NewGuid():N}", "test"));
    }

    /// <summary>Asks for the job until it has finished (two minutes at most) and returns its last answer.</summary>
    protected static async Task<JsonElement> PollUntilFinishedAsync(HttpClient script, Guid jobId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var job = await JsonAsync(await script.GetAsync($"/api/jobs/{jobId}"));
            if (job.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled")
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} is still {job.GetProperty("status")}.");
            await Task.Delay(250);
        }
    }
}
