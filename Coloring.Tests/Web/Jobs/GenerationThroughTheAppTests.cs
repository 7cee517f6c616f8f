using System.Net;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Coloring.Web.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Web.Jobs;

public sealed class GenerationThroughTheAppOnSqliteTests() : GenerationThroughTheAppTests(DatabaseProvider.Sqlite);

public sealed class GenerationThroughTheAppOnPostgresTests() : GenerationThroughTheAppTests(DatabaseProvider.Postgres);

/// <summary>
/// The real app with its real Quartz (in memory on SQLite, clustered store on PostgreSQL): a job created
/// the way the Create page does it is run to the end, and its files are served only to their owner.
/// </summary>
public abstract class GenerationThroughTheAppTests(DatabaseProvider provider) : AppTest(provider)
{
    [Fact]
    public async Task QuartzRunsACreatedJobToTheEnd()
    {
        var (browser, userId) = await SignedInAsync("ann@example.com");
        var job = await CreateJobAsync(userId);

        var done = await WaitUntilFinishedAsync(job.Id, userId);

        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal(2, await Get<CreditLedger>().GetBalanceAsync(userId));
        var png = await browser.GetAsync($"/jobs/{job.Id}/download/png");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", png.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("attachment", png.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await png.Content.ReadAsByteArrayAsync())[..4]);
        var svg = await browser.GetAsync($"/jobs/{job.Id}/download/svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains(svg.Headers.GetValues("Content-Security-Policy"), policy => policy.EndsWith("; sandbox", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherUserGetsNotFoundForTheJobPageAndEveryDownload()
    {
        var (_, ownerId) = await SignedInAsync("owner@example.com");
        var job = await CreateJobAsync(ownerId);
        await WaitUntilFinishedAsync(job.Id, ownerId);
        var (stranger, _) = await SignedInAsync("stranger@example.com");

        foreach (var kind in new[] { "png", "svg", "preview", "original" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/jobs/{job.Id}/download/{kind}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/jobs/{job.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowser().GetAsync($"/jobs/{job.Id}/download/png")).StatusCode);
    }

    [Fact]
    public async Task ASignedLinkServesTheFileUntilItExpires()
    {
        var (_, userId) = await SignedInAsync("ann@example.com");
        var job = await WaitUntilFinishedAsync((await CreateJobAsync(userId)).Id, userId);
        var link = Get<FileLinks>().For(job.PreviewAssetId!.Value);
        var anonymous = App.CreateBrowser();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(link)).StatusCode);
        Clock.Advance(FileLinks.LongestLifetime(FileLinks.DefaultLifetime));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task ASignedLinkWorksOnlyForItsOwnFile()
    {
        var (_, userId) = await SignedInAsync("ann@example.com");
        var job = await WaitUntilFinishedAsync((await CreateJobAsync(userId)).Id, userId);
        var previewLink = Get<FileLinks>().For(job.PreviewAssetId!.Value);
        var token = previewLink[(previewLink.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        var anonymous = App.CreateBrowser();

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/files/{job.PageAssetId:N}?token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/files/{job.PreviewAssetId:N}?token=forged")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/files/{job.PreviewAssetId:N}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/files/{job.PreviewAssetId:N}?token={new string('A', 5000)}")).StatusCode);
    }

    [Fact]
    public async Task TwentyJobsSubmittedAtOnceAllFinish()
    {
        var (_, userId) = await SignedInAsync("busy@example.com");
        await Get<CreditLedger>().GrantAsync(userId, 17, CreditReason.Purchase, $"bulk-{userId:N}", "test");
        var photo = await Get<PhotoUploads>().StoreAsync(userId, TestImages.Photo("sweets.png"));

        // Twenty different versions of the page: the same options twice would be refused as a page already made.
        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Get<PageStarts>().StartAsync(userId, photo.Id, new PageOptions(AgePreset.Toddler, LinePt: 3 + i * 0.25))));
        var finished = await Task.WhenAll(created.Select(c => WaitUntilFinishedAsync(c.Job!.Id, userId, TimeSpan.FromMinutes(4))));

        Assert.All(finished, j => Assert.Equal(JobStatus.Succeeded, j.Status));
        Assert.Equal(0, await Get<CreditLedger>().GetBalanceAsync(userId));
    }

    private async Task<Job> CreateJobAsync(Guid userId)
    {
        var photo = await Get<PhotoUploads>().StoreAsync(userId, TestImages.Photo("sweets.png"));
        var result = await Get<PageStarts>().StartAsync(userId, photo.Id, new PageOptions(AgePreset.Kids));
        Assert.Equal(CreateJobOutcome.Created, result.Outcome);
        return result.Job!;
    }

    private async Task<Job> WaitUntilFinishedAsync(Guid jobId, Guid userId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var job = await Get<JobService>().FindAsync(jobId, userId);
            if (job is { IsFinished: true })
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} is still {job?.Status} at stage {job?.Stage}.");
            await Task.Delay(100);
        }
    }
}
