using System.Net;
using System.Net.Http.Json;
using Coloring.Domain.Data;
using Coloring.Domain.Export;
using Coloring.Domain.Jobs;
using Coloring.Tests.Domain.Export;
using Coloring.Tests.Domain.TouchUp;

namespace Coloring.Tests.Web.Api;

public sealed class StrokesApiOnSqliteTests() : StrokesApiTests(DatabaseProvider.Sqlite);

public sealed class StrokesApiOnPostgresTests() : StrokesApiTests(DatabaseProvider.Postgres);

/// <summary><c>PATCH /api/jobs/{id}/strokes</c> on top of the touch-up service.</summary>
public abstract class StrokesApiTests(DatabaseProvider provider) : ApiTest(provider)
{
    [Fact]
    public async Task RemovingStrokesAnswersWithTheNewVersionsLinksAndTheSvgLosesExactlyThem()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var job = await App.Services.FinishedLinesAsync(userId, 6);

        var response = await script.PatchAsJsonAsync($"/api/jobs/{job.Id}/strokes", new { remove = new[] { 4, 1 } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal(job.Id, body.GetProperty("jobId").GetGuid());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal(4, body.GetProperty("strokes").GetInt32());
        var svg = await script.GetByteArrayAsync(body.GetProperty("downloads").GetProperty("svg").GetString());
        var all = PageStrokes.ReadSvg(System.Text.Encoding.UTF8.GetBytes(ExportPages.Lines(6))).Strokes;
        Assert.Equal(all.Where((_, i) => i is not 1 and not 4).Select(s => s.PathData), PageStrokes.ReadSvg(svg).Strokes.Select(s => s.PathData));
        var png = await script.GetAsync(body.GetProperty("downloads").GetProperty("png").GetString());
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var page = await JsonAsync(await script.GetAsync($"/api/jobs/{job.Id}"));
        Assert.Equal(body.GetProperty("downloads").GetProperty("svg").GetString(), page.GetProperty("downloads").GetProperty("svg").GetString());
    }

    [Theory]
    [InlineData("{\"remove\":[]}", "remove")]
    [InlineData("{}", "remove")]
    [InlineData("{\"remove\":null}", "remove")]
    [InlineData("{\"remove\":[2,2]}", "remove")]
    [InlineData("{\"remove\":[-1]}", "remove")]
    [InlineData("{\"remove\":[4]}", "remove")]
    [InlineData("{\"remove\":[2147483647]}", "remove")]
    [InlineData("{\"remove\":[0,1,2,3]}", "remove")]
    [InlineData("{\"remove\":[1.5]}", "remove[0]")]
    [InlineData("{\"remove\":[\"one\"]}", "remove[0]")]
    [InlineData("{\"remove\":[99999999999]}", "remove[0]")]
    [InlineData("{\"remove\":1}", "remove")]
    [InlineData("{\"remove\":\"all\"}", "remove")]
    [InlineData("{\"remove\":[1],\"version\":-1}", "version")]
    [InlineData("{\"remove\":[1],\"version\":\"new\"}", "version")]
    [InlineData("[1,2]", "body")]
    [InlineData("{\"remove\":[1]", "body")]
    [InlineData("", "body")]
    public async Task WrongBodiesAre400sNamingTheFieldAndChangeNothing(string body, string field)
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var job = await App.Services.FinishedLinesAsync(userId, 4);

        var response = await script.PatchAsync($"/api/jobs/{job.Id}/strokes", RawJson(body));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(0, (await Get<JobService>().FindAsync(job.Id, userId))!.PageVersion);
    }

    [Fact]
    public async Task AHugeListIsA400ForTheListOrForTheBody()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var job = await App.Services.FinishedLinesAsync(userId, 4);

        var justOver = await script.PatchAsJsonAsync($"/api/jobs/{job.Id}/strokes", new { remove = Enumerable.Range(0, 10_001) });
        var enormous = await script.PatchAsJsonAsync($"/api/jobs/{job.Id}/strokes", new { remove = Enumerable.Range(0, 200_000) });

        await AssertProblemAsync(justOver, HttpStatusCode.BadRequest, "remove");
        await AssertProblemAsync(enormous, HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task AnotherPersonsPageIsA404AndAnUnfinishedOneA409()
    {
        var (owner, ownerId, _) = await ScriptAsync("owner@example.com");
        var (stranger, _, _) = await ScriptAsync("stranger@example.com");
        var job = await App.Services.FinishedLinesAsync(ownerId, 4);
        var running = await App.Services.FinishedJobAsync(ownerId, ExportPages.Lines(3), JobStatus.Running);

        await AssertProblemAsync(await stranger.PatchAsJsonAsync($"/api/jobs/{job.Id}/strokes", new { remove = new[] { 1 } }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await owner.PatchAsJsonAsync($"/api/jobs/{Guid.NewGuid()}/strokes", new { remove = new[] { 1 } }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await owner.PatchAsJsonAsync($"/api/jobs/{running.Id}/strokes", new { remove = new[] { 1 } }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await Anonymous().PatchAsJsonAsync($"/api/jobs/{job.Id}/strokes", new { remove = new[] { 1 } }), HttpStatusCode.Unauthorized);
        Assert.Equal(0, (await Get<JobService>().FindAsync(job.Id, ownerId))!.PageVersion);
    }

    [Fact]
    public async Task AnOldVersionIsA409()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var job = await App.Services.FinishedLinesAsync(userId, 5);

        Assert.Equal(HttpStatusCode.OK, (await script.PatchAsJsonAsync($"/api/jobs/{job.Id}/strokes", new { remove = new[] { 1 }, version = 0 })).StatusCode);
        await AssertProblemAsync(await script.PatchAsJsonAsync($"/api/jobs/{job.Id}/strokes", new { remove = new[] { 1 }, version = 0 }), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await script.PatchAsJsonAsync($"/api/jobs/{job.Id}/strokes", new { remove = new[] { 1 }, version = 1 })).StatusCode);
    }

    [Fact]
    public async Task TwiceAtOnceEachAnswerIsConsistentWithThePageAfterwards()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var job = await App.Services.FinishedLinesAsync(userId, 6);

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            script.PatchAsJsonAsync($"/api/jobs/{job.Id}/strokes", new { remove = new[] { 2 } })));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var won = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        var now = (await Get<JobService>().FindAsync(job.Id, userId))!;
        Assert.Equal(won, now.PageVersion);
        var page = await JsonAsync(await script.GetAsync($"/api/jobs/{job.Id}"));
        var svg = await script.GetByteArrayAsync(page.GetProperty("downloads").GetProperty("svg").GetString());
        Assert.Equal(6 - won, PageStrokes.ReadSvg(svg).Strokes.Count);
    }

    [Fact]
    public async Task RestoringPutsEveryStrokeBackAndTheLinksServeThePageAsMade()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var job = await App.Services.FinishedLinesAsync(userId, 6);
        Assert.Equal(HttpStatusCode.OK, (await script.PatchAsJsonAsync($"/api/jobs/{job.Id}/strokes", new { remove = new[] { 0, 5 } })).StatusCode);

        var response = await script.PostAsync($"/api/jobs/{job.Id}/strokes/restore?version=1", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal(6, body.GetProperty("strokes").GetInt32());
        var svg = await script.GetByteArrayAsync(body.GetProperty("downloads").GetProperty("svg").GetString());
        var all = PageStrokes.ReadSvg(System.Text.Encoding.UTF8.GetBytes(ExportPages.Lines(6))).Strokes;
        Assert.Equal(all.Select(s => s.PathData), PageStrokes.ReadSvg(svg).Strokes.Select(s => s.PathData));
        var now = (await Get<JobService>().FindAsync(job.Id, userId))!;
        Assert.Equal((job.PageAssetId, job.SvgAssetId, job.PreviewAssetId), (now.PageAssetId, now.SvgAssetId, now.PreviewAssetId));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    [InlineData("")]
    [InlineData("\u0661")]
    public async Task RestoringWithAWrongVersionIsA400NamingItAndKeepsTheTouchUp(string version)
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var job = await App.Services.FinishedLinesAsync(userId, 4);
        Assert.Equal(HttpStatusCode.OK, (await script.PatchAsJsonAsync($"/api/jobs/{job.Id}/strokes", new { remove = new[] { 1 } })).StatusCode);

        var response = await script.PostAsync($"/api/jobs/{job.Id}/strokes/restore?version={Uri.EscapeDataString(System.Text.RegularExpressions.Regex.Unescape(version))}", null);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "version");
        Assert.True((await Get<JobService>().FindAsync(job.Id, userId))!.IsTouchedUp);
    }

    [Fact]
    public async Task RestoringSomeoneElsesPageIsA404AndAnUntouchedOrMovedOnPageA409()
    {
        var (owner, ownerId, _) = await ScriptAsync("owner@example.com");
        var (stranger, _, _) = await ScriptAsync("stranger@example.com");
        var untouched = await App.Services.FinishedLinesAsync(ownerId, 4);
        var touched = await App.Services.FinishedLinesAsync(ownerId, 4);
        Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsJsonAsync($"/api/jobs/{touched.Id}/strokes", new { remove = new[] { 1 } })).StatusCode);

        await AssertProblemAsync(await stranger.PostAsync($"/api/jobs/{touched.Id}/strokes/restore", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Anonymous().PostAsync($"/api/jobs/{touched.Id}/strokes/restore", null), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await owner.PostAsync($"/api/jobs/{untouched.Id}/strokes/restore", null), HttpStatusCode.Conflict);
        await AssertProblemAsync(await owner.PostAsync($"/api/jobs/{touched.Id}/strokes/restore?version=0", null), HttpStatusCode.Conflict);
        Assert.True((await Get<JobService>().FindAsync(touched.Id, ownerId))!.IsTouchedUp);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"/api/jobs/{touched.Id}/strokes/restore", null)).StatusCode);
    }

    [Fact]
    public async Task TwoRestoresAtOnceRestoreOnceAndTheOtherIsA409()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var job = await App.Services.FinishedLinesAsync(userId, 5);
        Assert.Equal(HttpStatusCode.OK, (await script.PatchAsJsonAsync($"/api/jobs/{job.Id}/strokes", new { remove = new[] { 2 } })).StatusCode);

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => script.PostAsync($"/api/jobs/{job.Id}/strokes/restore", null)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
        var now = (await Get<JobService>().FindAsync(job.Id, userId))!;
        Assert.False(now.IsTouchedUp);
        Assert.Equal(2, now.PageVersion);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesThePatchWithASummary()
    {
        var paths = (await JsonAsync(await Anonymous().GetAsync("/openapi/v1.json"))).GetProperty("paths");

        var patch = paths.GetProperty("/api/jobs/{id}/strokes").GetProperty("patch");
        Assert.Equal("Remove strokes from a finished page", patch.GetProperty("summary").GetString());
        Assert.True(patch.GetProperty("responses").TryGetProperty("409", out _));
        Assert.True(patch.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        var restore = paths.GetProperty("/api/jobs/{id}/strokes/restore").GetProperty("post");
        Assert.Equal("Put a touched-up page back as it was made", restore.GetProperty("summary").GetString());
        Assert.True(restore.GetProperty("responses").TryGetProperty("409", out _));
    }
}
