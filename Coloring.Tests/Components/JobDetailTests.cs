using Bunit;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Realtime;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Coloring.Web.Components.Pages.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Components;

/// <summary>The job page in each state a parent can meet, and its live updates.</summary>
public class JobDetailTests : ComponentTest
{
    [Fact]
    public async Task AQueuedJobSaysItIsNextInLine()
    {
        var (user, job) = await SignedInWithJobAsync();

        var page = Render<JobDetail>(p => p.Add(c => c.Id, job.Id));

        Assert.Contains("Next in line", page.Markup);
        Assert.Contains("Making your page", page.Markup);
    }

    [Fact]
    public async Task AQueuedJobMovesUpLiveWhenTheJobAheadStarts()
    {
        var (_, ahead) = await SignedInWithJobAsync();
        Clock.Advance(TimeSpan.FromSeconds(1));
        var (_, job) = await SignedInWithJobAsync();
        var page = Render<JobDetail>(p => p.Add(c => c.Id, job.Id));
        page.WaitForAssertion(() => Assert.Contains("Waiting in line: number 2", page.Markup));

        await SetRunningAsync(ahead.Id);
        await App.GetRequiredService<ILiveUpdates>().PublishAsync(LiveTopics.Queue, ahead.Id.ToString("N"));

        page.WaitForAssertion(() => Assert.Contains("Next in line", page.Markup));
    }

    [Fact]
    public async Task ARunningJobShowsItsStageAndPercentAndMovesLive()
    {
        var (_, job) = await SignedInWithJobAsync();
        await SetRunningAsync(job.Id);
        var page = Render<JobDetail>(p => p.Add(c => c.Id, job.Id));

        await App.GetRequiredService<ILiveUpdates>().PublishAsync(LiveTopics.Job(job.Id), new JobProgress(JobStatus.Running, "trace", 60).ToJson());

        page.WaitForAssertion(() => Assert.Equal("60%", page.Find("[data-testid=progress-percent]").TextContent.Trim()));
        Assert.Contains("Drawing smooth lines", page.Markup);
    }

    [Fact]
    public async Task AFinishedJobShowsThePageAndItsDownloads()
    {
        var (_, job) = await SignedInWithJobAsync();
        await App.GetRequiredService<JobRunner>().RunAsync(job.Id, CancellationToken.None);

        var page = Render<JobDetail>(p => p.Add(c => c.Id, job.Id));

        Assert.Contains("Your page is ready", page.Markup);
        var image = page.Find("img[alt='Coloring page']");
        Assert.StartsWith($"/files/", image.GetAttribute("src"));
        Assert.Equal($"/jobs/{job.Id}/download/png", page.FindAll("a").Single(a => a.TextContent.Contains("Download PNG")).GetAttribute("href"));
        Assert.Equal($"/jobs/{job.Id}/download/svg", page.FindAll("a").Single(a => a.TextContent.Contains("Download SVG")).GetAttribute("href"));
        Assert.Equal($"/create?from={job.Id}", page.FindAll("a").Single(a => a.TextContent.Contains("Make another version")).GetAttribute("href"));
    }

    [Fact]
    public async Task AJobThatFinishesWhileThePageIsOpenTurnsIntoTheResult()
    {
        var (_, job) = await SignedInWithJobAsync();
        var page = Render<JobDetail>(p => p.Add(c => c.Id, job.Id));

        await App.GetRequiredService<JobRunner>().RunAsync(job.Id, CancellationToken.None);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("img[alt='Coloring page']")), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AFailedJobShowsTheReasonAndThatTheCreditCameBack()
    {
        var (user, job) = await SignedInWithJobAsync();
        await SetRunningAsync(job.Id);
        await App.GetRequiredService<JobRunner>().FailAsync(job.Id, user, "The photo seems to be damaged or incomplete.", CancellationToken.None);

        var page = Render<JobDetail>(p => p.Add(c => c.Id, job.Id));

        var alert = page.Find("[data-testid=job-failed]");
        Assert.Contains("The photo seems to be damaged or incomplete.", alert.TextContent);
        Assert.Contains("Your credit came back", alert.TextContent);
        Assert.Equal(3, await App.GetRequiredService<CreditLedger>().GetBalanceAsync(user));
    }

    [Fact]
    public async Task AnotherUsersJobShowsNothingOfIt()
    {
        var (_, job) = await SignedInWithJobAsync();
        var stranger = await App.AddUserAsync();
        SignIn(stranger.Id, stranger.Email!);

        var page = Render<JobDetail>(p => p.Add(c => c.Id, job.Id));

        Assert.DoesNotContain("Making your page", page.Markup);
        Assert.DoesNotContain(job.Id.ToString(), page.Markup);
    }

    private async Task<(Guid User, Job Job)> SignedInWithJobAsync()
    {
        var user = await App.AddUserAsync();
        await App.GetRequiredService<CreditLedger>().OpenAccountAsync(user.Id);
        var photo = await App.GetRequiredService<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        var job = (await App.GetRequiredService<PageStarts>().StartAsync(user.Id, photo.Id, new PageOptions(AgePreset.Toddler))).Job!;
        SignIn(user.Id, user.Email!);
        return (user.Id, job);
    }

    private async Task SetRunningAsync(Guid jobId)
    {
        await using var db = await App.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Running).SetProperty(j => j.Stage, "lines").SetProperty(j => j.Progress, 20));
    }
}
