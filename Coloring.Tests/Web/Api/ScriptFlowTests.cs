using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coloring.Domain.Data;
using Coloring.Domain.Storage;
using Coloring.Tests.Support;
using Coloring.Web.Storage;

namespace Coloring.Tests.Web.Api;

public sealed class ScriptFlowOnSqliteTests() : ScriptFlowTests(DatabaseProvider.Sqlite);

public sealed class ScriptFlowOnPostgresTests() : ScriptFlowTests(DatabaseProvider.Postgres);

/// <summary>The same flow with the files in an S3-compatible bucket (<c>Storage:S3:Bucket</c> set) instead of on disk.</summary>
public sealed class ScriptFlowInBucketOnPostgresTests() : ScriptFlowTests(DatabaseProvider.Postgres)
{
    private readonly TestBucket _bucket = new();

    protected override IReadOnlyDictionary<string, string?> Settings => _bucket.Settings;

    public override async Task InitializeAsync()
    {
        await _bucket.PutAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _bucket.DisposeAsync();
    }

    [Fact]
    public async Task SettingABucketKeepsEveryFileInItAndNoneOnDisk()
    {
        var (script, _, _) = await ScriptAsync("script@example.com");

        var photo = await UploadAsync(script);

        Assert.IsType<S3BlobStore>(Get<IBlobStore>());
        var keys = await _bucket.KeysAsync();
        Assert.Single(keys);
        Assert.StartsWith("originals/", keys[0]);
        Assert.EndsWith($"{photo:N}.jpg", keys[0]);
        Assert.False(Directory.Exists(Path.Combine(App.StorageRoot, "originals")));
    }
}

/// <summary>What a script does with nothing but a personal token: upload, start, poll, download.</summary>
public abstract class ScriptFlowTests(DatabaseProvider provider) : ApiTest(provider)
{
    [Fact]
    public async Task AScriptWithOnlyATokenMakesAndDownloadsAPage()
    {
        var (_, _, token) = await ScriptAsync("script@example.com");
        var script = ScriptWith(token);

        var photo = await UploadAsync(script, "dog.png");
        var started = await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "kids" });
        var jobId = (await JsonAsync(started)).GetProperty("jobId").GetGuid();
        var job = await PollUntilFinishedAsync(script, jobId);

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(100, job.GetProperty("progress").GetInt32());
        Assert.True(job.GetProperty("metrics").GetProperty("inkCoverage").GetDouble() > 0);
        Assert.NotEqual(JsonValueKind.Null, job.GetProperty("finishedAt").ValueKind);
        var downloads = job.GetProperty("downloads");
        var anybody = Anonymous();
        var png = await anybody.GetAsync(PathOf(downloads.GetProperty("png").GetString()!));
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", png.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await png.Content.ReadAsByteArrayAsync())[..4]);
        var svg = await anybody.GetAsync(PathOf(downloads.GetProperty("svg").GetString()!));
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await anybody.GetAsync(PathOf(downloads.GetProperty("preview").GetString()!))).StatusCode);
        // The owner's download address takes the token as well.
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync($"/jobs/{jobId}/download/png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anybody.GetAsync($"/jobs/{jobId}/download/png")).StatusCode);
        var credits = await JsonAsync(await script.GetAsync("/api/credits"));
        Assert.Equal(2, credits.GetProperty("balance").GetInt32());
        var stats = (await JsonAsync(await script.GetAsync("/api/user/profile"))).GetProperty("stats");
        Assert.Equal(1, stats.GetProperty("succeeded").GetInt32());
        Assert.Equal(1.0, stats.GetProperty("successRate").GetDouble());
        Assert.Equal(1, stats.GetProperty("creditsSpent").GetInt32());
        var pdf = await script.PostAsJsonAsync("/api/pdf/export", new { jobIds = new[] { jobId }, paper = "a4", title = "Rex" });
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF"u8.ToArray(), (await pdf.Content.ReadAsByteArrayAsync())[..4]);
    }

    [Fact]
    public async Task SignedDownloadLinksExpire()
    {
        var (script, _, _) = await ScriptAsync("script@example.com");
        var photo = await UploadAsync(script);
        var jobId = (await JsonAsync(await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "toddler" }))).GetProperty("jobId").GetGuid();
        var job = await PollUntilFinishedAsync(script, jobId);
        var link = PathOf(job.GetProperty("downloads").GetProperty("png").GetString()!);

        Clock.Advance(FileLinks.LongestLifetime(FileLinks.DefaultLifetime));

        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync(link)).StatusCode);
        var fresh = await PollUntilFinishedAsync(script, jobId);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync(PathOf(fresh.GetProperty("downloads").GetProperty("png").GetString()!))).StatusCode);
    }

    private static string PathOf(string url)
    {
        Assert.StartsWith(Support.ColoringAppFactory.BaseUrl + "/files/", url);
        return new Uri(url).PathAndQuery;
    }
}
