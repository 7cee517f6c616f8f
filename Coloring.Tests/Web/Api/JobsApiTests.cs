using System.Net;
using System.Net.Http.Json;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Flags;
using Coloring.Domain.Jobs;
using Coloring.Tests.Support;

namespace Coloring.Tests.Web.Api;

public sealed class JobsApiOnSqliteTests() : JobsApiTests(DatabaseProvider.Sqlite);

public sealed class JobsApiOnPostgresTests() : JobsApiTests(DatabaseProvider.Postgres);

/// <summary><c>POST /api/jobs</c>, <c>GET /api/jobs/{id}</c> and <c>GET /api/jobs</c>.</summary>
public abstract class JobsApiTests(DatabaseProvider provider) : ApiTest(provider)
{
    [Fact]
    public async Task APageIsStartedForOneCreditAndCanBeFollowed()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);

        var created = await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "toddler", linePt = 5.5, paper = "letter" });

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var body = await JsonAsync(created);
        var jobId = body.GetProperty("jobId").GetGuid();
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal($"/api/jobs/{jobId}", created.Headers.Location?.OriginalString);
        Assert.Equal(2, await Get<Coloring.Domain.Credits.CreditLedger>().GetBalanceAsync(userId));
        var job = await JsonAsync(await script.GetAsync($"/api/jobs/{jobId}"));
        Assert.Equal(jobId, job.GetProperty("id").GetGuid());
        Assert.Equal("toddler", job.GetProperty("preset").GetString());
        Assert.Equal("letter", job.GetProperty("paper").GetString());
        Assert.Equal(5.5, job.GetProperty("linePt").GetDouble());
        Assert.Contains(job.GetProperty("status").GetString(), new[] { "queued", "running", "succeeded" });
        var list = await JsonAsync(await script.GetAsync("/api/jobs"));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(jobId, list.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task WithoutCreditsItIs402AndNothingIsWritten()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);
        await EmptyBalanceAsync(userId);

        var response = await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "kids" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.PaymentRequired);
        Assert.Equal(0, (await Get<JobService>().ListAsync(userId, 0, 10)).Total);
        Assert.Equal("/credits", problem.GetProperty("buyCredits").GetString()); // where to get more
        Assert.Equal("/api/credits/checkout", problem.GetProperty("checkout").GetString());
    }

    [Fact]
    public async Task WhileAnAdminHasPausedGenerationItIs503WithTheirMessageAndCostsNothing()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);
        var admin = await App.Services.AddAdminAsync();
        Assert.True((await Get<FeatureFlags>().SetAsync(admin.Id, FeatureFlags.GenerationEnabled, false, "Back after the printer party.")).Succeeded);

        var response = await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "kids" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Back after the printer party.", problem.GetProperty("detail").GetString());
        Assert.Equal(CreditLedger.SignupCredits, await Get<CreditLedger>().GetBalanceAsync(userId));
        Assert.Equal(0, (await Get<JobService>().ListAsync(userId, 0, 10)).Total);
    }

    [Fact]
    public async Task AnotherPersonsPhotoAndPagesAre404()
    {
        var (owner, ownerId, _) = await ScriptAsync("owner@example.com");
        var photo = await UploadAsync(owner);
        var jobId = (await JsonAsync(await owner.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "kids" }))).GetProperty("jobId").GetGuid();
        var (stranger, strangerId, _) = await ScriptAsync("stranger@example.com");

        await AssertProblemAsync(await stranger.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "kids" }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.GetAsync($"/api/jobs/{jobId}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.GetAsync($"/api/jobs/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.GetAsync("/api/jobs/not-a-guid"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await JsonAsync(await stranger.GetAsync("/api/jobs"))).GetProperty("total").GetInt32());
        Assert.Equal(3, await Get<Coloring.Domain.Credits.CreditLedger>().GetBalanceAsync(strangerId));
        Assert.Equal(2, await Get<Coloring.Domain.Credits.CreditLedger>().GetBalanceAsync(ownerId));
    }

    [Theory]
    [InlineData("{\"preset\":\"kids\"}", "assetId")]
    [InlineData("{\"assetId\":\"not-a-guid\",\"preset\":\"kids\"}", "assetId")]
    [InlineData("{\"assetId\":\"PHOTO\",\"preset\":\"grown-ups\"}", "preset")]
    [InlineData("{\"assetId\":\"PHOTO\"}", "preset")]
    [InlineData("{\"assetId\":\"PHOTO\",\"preset\":\"kids\",\"paper\":\"a3\"}", "paper")]
    [InlineData("{\"assetId\":\"PHOTO\",\"preset\":\"kids\",\"linePt\":0.1}", "linePt")]
    [InlineData("{\"assetId\":\"PHOTO\",\"preset\":\"kids\",\"linePt\":1e308}", "linePt")]
    [InlineData("{\"assetId\":\"PHOTO\",\"preset\":\"kids\",\"linePt\":\"thick\"}", "linePt")]
    [InlineData("{\"assetId\":\"PHOTO\",\"preset\":[\"kids\"]}", "preset")]
    [InlineData("{\"assetId\":\"PHOTO\",\"preset\":\"kids\"", "body")]
    [InlineData("", "body")]
    public async Task BadRequestsAre400sNamingTheFieldAndCostNothing(string body, string field)
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);

        var response = await script.PostAsync("/api/jobs", RawJson(body.Replace("PHOTO", photo.ToString())));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(3, await Get<Coloring.Domain.Credits.CreditLedger>().GetBalanceAsync(userId));
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task PagesOutsideTheirRangeAre400s(string query, string field)
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");

        await AssertProblemAsync(await script.GetAsync($"/api/jobs?{query}"), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task APageNumberThatIsNotANumberIs400NotA500()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");

        await AssertProblemAsync(await script.GetAsync("/api/jobs?page=abc"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WithoutCredentialsEveryJobsCallIs401()
    {
        var anonymous = Anonymous();

        await AssertProblemAsync(await anonymous.GetAsync("/api/jobs"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.GetAsync($"/api/jobs/{Guid.NewGuid()}"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/jobs", new { assetId = Guid.NewGuid(), preset = "kids" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TheListIsPagedNewestFirst()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);
        await Get<Coloring.Domain.Credits.CreditLedger>().GrantAsync(userId, 2, Coloring.Domain.Credits.CreditReason.Purchase, $"more-{userId:N}", "test");
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await JsonAsync(await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "toddler", detail = i * 0.25 }))).GetProperty("jobId").GetGuid());
        }

        var second = await JsonAsync(await script.GetAsync("/api/jobs?page=2&pageSize=2"));

        Assert.Equal(5, second.GetProperty("total").GetInt32());
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        Assert.Equal([ids[2], ids[1]], second.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()));
        Assert.Equal(0, (await JsonAsync(await script.GetAsync("/api/jobs?page=9"))).GetProperty("items").GetArrayLength());
    }
}
