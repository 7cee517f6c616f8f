using System.Text.Json;
using Coloring.Domain.Accounts;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Realtime;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Tests.Domain.Jobs;

public sealed class JobsOnSqliteTests() : JobsTests(DatabaseProvider.Sqlite);

public sealed class JobsOnPostgresTests() : JobsTests(DatabaseProvider.Postgres);

/// <summary>Creating, running, failing, retrying, recovering and deleting jobs on a real database and file store.</summary>
public abstract class JobsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private JobService Jobs => Get<JobService>();

    private PageStarts Starts => Get<PageStarts>();

    private JobRunner Runner => Get<JobRunner>();

    private CreditLedger Ledger => Get<CreditLedger>();

    private RecordingScheduler Scheduler => Get<RecordingScheduler>();

    [Fact]
    public async Task CreatingAJobTakesOneCreditQueuesItAndAsksForItToRun()
    {
        var (user, photo) = await UserWithPhotoAsync();

        var result = await Starts.StartAsync(user, photo.Id, new PageOptions(AgePreset.Kids));

        Assert.Equal(CreateJobOutcome.Created, result.Outcome);
        Assert.Equal(JobStatus.Queued, result.Job!.Status);
        Assert.Equal(2, await Ledger.GetBalanceAsync(user));
        Assert.True(Scheduler.Scheduled.ContainsKey(result.Job.Id));
        var debit = (await Ledger.GetHistoryAsync(user, 0, 10)).Events.Single(e => e.Reason == CreditReason.JobDebit);
        Assert.Equal(result.Job.Id, debit.JobId);
    }

    [Fact]
    public async Task WithoutCreditsNoJobIsWrittenAndNothingIsScheduled()
    {
        var (user, photo) = await UserWithPhotoAsync(credits: 0);

        var result = await Starts.StartAsync(user, photo.Id, new PageOptions());

        Assert.Equal(CreateJobOutcome.InsufficientCredits, result.Outcome);
        Assert.Equal(0, await CountJobsAsync());
        Assert.Empty(Scheduler.Scheduled);
    }

    [Fact]
    public async Task FiveJobsAtOnceWithThreeCreditsMakeThreeJobs()
    {
        var (user, photo) = await UserWithPhotoAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => Task.Run(() => Starts.StartAsync(user, photo.Id, new PageOptions(Detail: i - 2)))));

        Assert.Equal(3, results.Count(r => r.Outcome == CreateJobOutcome.Created));
        Assert.Equal(3, await CountJobsAsync());
        Assert.Equal(0, await Ledger.GetBalanceAsync(user));
    }

    [Fact]
    public async Task AnotherUsersPhotoCannotBeUsed()
    {
        var (_, photo) = await UserWithPhotoAsync();
        var (thief, _) = await UserWithPhotoAsync();

        var result = await Starts.StartAsync(thief, photo.Id, new PageOptions());

        Assert.Equal(CreateJobOutcome.PhotoNotFound, result.Outcome);
        Assert.Equal(3, await Ledger.GetBalanceAsync(thief));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(40)]
    [InlineData(double.NaN)]
    public async Task AnImpossibleLineWeightIsRefusedWithoutCharge(double linePt)
    {
        var (user, photo) = await UserWithPhotoAsync();

        var result = await Starts.StartAsync(user, photo.Id, new PageOptions(LinePt: linePt));

        Assert.Equal(CreateJobOutcome.InvalidLineWeight, result.Outcome);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));
    }

    [Fact]
    public async Task RunningAJobStoresThePngSvgAndPreviewWithItsMetrics()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions(AgePreset.Kids, Paper.Letter))).Job!;
        var heard = new List<JobProgress>();
        using var _ = Get<ILiveUpdates>().Subscribe(LiveTopics.Job(job.Id), m =>
        {
            lock (heard)
            {
                heard.Add(JobProgress.FromJson(m)!);
            }

            return Task.CompletedTask;
        });

        var status = await Runner.RunAsync(job.Id, CancellationToken.None);

        Assert.Equal(JobStatus.Succeeded, status);
        var done = (await Jobs.FindAsync(job.Id, user))!;
        Assert.Equal(100, done.Progress);
        Assert.Equal(1, done.Attempts);
        var metrics = JsonSerializer.Deserialize<PageMetrics>(done.MetricsJson!)!;
        Assert.True(metrics.Passed, string.Join(", ", metrics.Failures));
        var store = Get<AssetStore>();
        var png = (await store.FindAsync(done.PageAssetId!.Value, user))!;
        Assert.Equal("image/png", png.ContentType);
        Assert.Equal(Bucket.Artifacts, png.Bucket);
        Assert.Equal(2550, Math.Min(png.Width!.Value, png.Height!.Value)); // Letter at 300 DPI
        var svg = (await store.FindAsync(done.SvgAssetId!.Value, user))!;
        Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString((await store.ReadAllAsync(svg))!));
        Assert.Equal(Bucket.Previews, (await store.FindAsync(done.PreviewAssetId!.Value, user))!.Bucket);
        Assert.Contains(heard, p => p.Status == JobStatus.Running && p.Stage is not null);
        Assert.Equal(JobStatus.Succeeded, heard.Last().Status);
        Assert.Equal(2, await Ledger.GetBalanceAsync(user));
    }

    [Fact]
    public async Task AJobRunsOnceHoweverOftenItIsStarted()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions(AgePreset.Toddler))).Job!;

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner.RunAsync(job.Id, CancellationToken.None))));

        // Runners that lose the claim report the job's state as they see it (Running, or Succeeded once the winner is done),
        // so the proof of "once" is the single attempt and the single set of files.
        Assert.All(results, r => Assert.True(r is JobStatus.Running or JobStatus.Succeeded, $"a runner saw {r}"));
        Assert.Contains(JobStatus.Succeeded, results);
        var done = (await Jobs.FindAsync(job.Id, user))!;
        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(3, await CountAssetsAsync(Bucket.Artifacts, Bucket.Previews)); // one PNG, one SVG, one preview
    }

    [Fact]
    public async Task ABrokenPhotoFailsTheJobWithAReasonAndRefundsOnce()
    {
        var user = await NewUserAsync();
        var broken = await Get<AssetStore>().SaveAsync(user, Bucket.Originals, TestImages.Photo("sweets.png").AsMemory(0, 500), "image/jpeg", "jpg");
        var job = (await Starts.StartAsync(user, broken.Id, new PageOptions())).Job!;

        var status = await Runner.RunAsync(job.Id, CancellationToken.None);
        await Runner.FailAsync(job.Id, user, "again", CancellationToken.None);

        Assert.Equal(JobStatus.Failed, status);
        var failed = (await Jobs.FindAsync(job.Id, user))!;
        Assert.Contains("damaged or incomplete", failed.Error);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));
        var history = (await Ledger.GetHistoryAsync(user, 0, 10)).Events;
        Assert.Single(history, e => e.Reason == CreditReason.JobRefund);
        Assert.Empty(await Ledger.FindUnbalancedAccountsAsync());
    }

    [Fact]
    public async Task ATransientFailureIsRetriedAndThenSucceeds()
    {
        var (user, photo) = await UserWithPhotoAsync();
        Get<FlakyGenerator>().Failures = 1;
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions(), generator: "flaky")).Job!;

        var first = await Runner.RunAsync(job.Id, CancellationToken.None);
        var second = await Runner.RunAsync(job.Id, CancellationToken.None);

        Assert.Equal(JobStatus.Queued, first);
        Assert.Equal(JobStatus.Succeeded, second);
        Assert.Equal(2, (await Jobs.FindAsync(job.Id, user))!.Attempts);
        Assert.Equal(2, await Ledger.GetBalanceAsync(user));
    }

    [Fact]
    public async Task ATransientFailureThatNeverClearsFailsAfterThreeAttemptsWithOneRefund()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions(), generator: "flaky")).Job!;

        var statuses = new List<JobStatus?>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await Runner.RunAsync(job.Id, CancellationToken.None));
        }

        Assert.Equal([JobStatus.Queued, JobStatus.Queued, JobStatus.Failed, JobStatus.Failed], statuses);
        var failed = (await Jobs.FindAsync(job.Id, user))!;
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("did not answer", failed.Error);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));
        Assert.Equal(3, Get<FlakyGenerator>().Calls);
    }

    [Fact]
    public async Task ALostRunningJobIsQueuedAgainAndThenFinishes()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions())).Job!;
        await SimulateWorkerDiedAsync(job.Id, attempts: 1);
        Scheduler.Fired(job.Id);
        Clock.Advance(TimeSpan.FromMinutes(3));

        var report = await Get<JobRecovery>().SweepAsync();

        Assert.Equal(1, report.Requeued);
        Assert.True(Scheduler.Scheduled.ContainsKey(job.Id));
        Assert.Equal(JobStatus.Succeeded, await Runner.RunAsync(job.Id, CancellationToken.None));
        Assert.Equal(2, await Ledger.GetBalanceAsync(user));
    }

    [Fact]
    public async Task ARunningJobWithAFreshHeartbeatIsLeftAlone()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions())).Job!;
        await SimulateWorkerDiedAsync(job.Id, attempts: 1);
        Clock.Advance(TimeSpan.FromSeconds(30));

        var report = await Get<JobRecovery>().SweepAsync();

        Assert.Equal(0, report.Requeued);
        Assert.Equal(JobStatus.Running, (await Jobs.FindAsync(job.Id, user))!.Status);
    }

    [Fact]
    public async Task ALostJobOnItsLastAttemptFailsAndIsRefundedOnce()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions())).Job!;
        await SimulateWorkerDiedAsync(job.Id, attempts: 3);
        Clock.Advance(TimeSpan.FromMinutes(3));

        var first = await Get<JobRecovery>().SweepAsync();
        var second = await Get<JobRecovery>().SweepAsync();

        Assert.Equal(1, first.Failed);
        Assert.Equal(0, second.Failed);
        Assert.Equal(JobStatus.Failed, (await Jobs.FindAsync(job.Id, user))!.Status);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));
    }

    [Fact]
    public async Task ACrashBetweenFailingAJobAndRefundingItLeavesNeitherAndTheRetryFailsAndRefundsOnce()
    {
        var user = await NewUserAsync();
        var broken = await Get<AssetStore>().SaveAsync(user, Bucket.Originals, TestImages.Photo("sweets.png").AsMemory(0, 500), "image/jpeg", "jpg");
        var job = (await Starts.StartAsync(user, broken.Id, new PageOptions())).Job!;
        Get<CrashPoint>().Arm("UPDATE", "credit_accounts");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Runner.RunAsync(job.Id, CancellationToken.None));

        Assert.Equal(1, Get<CrashPoint>().Crashes);
        Assert.Equal(JobStatus.Running, (await Jobs.FindAsync(job.Id, user))!.Status); // not Failed without its refund
        Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, (await Get<JobRecovery>().SweepAsync()).Requeued);
        Assert.Equal(JobStatus.Failed, await Runner.RunAsync(job.Id, CancellationToken.None));
        Clock.Advance(TimeSpan.FromMinutes(3));
        await Get<JobRecovery>().SweepAsync();
        Assert.False(await Runner.FailAsync(job.Id, user, "again", CancellationToken.None));
        Assert.Equal(JobStatus.Failed, (await Jobs.FindAsync(job.Id, user))!.Status);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));
        Assert.Single((await Ledger.GetHistoryAsync(user, 0, 10)).Events, e => e.Reason == CreditReason.JobRefund);
        Assert.Empty(await Ledger.FindUnbalancedAccountsAsync());
    }

    [Fact]
    public async Task ACrashOnTheSweepsLastAttemptLeavesTheJobForTheNextSweepWhichRefundsOnce()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions())).Job!;
        await SimulateWorkerDiedAsync(job.Id, attempts: 3);
        Clock.Advance(TimeSpan.FromMinutes(3));
        Get<CrashPoint>().Arm("UPDATE", "credit_accounts");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Get<JobRecovery>().SweepAsync());
        var second = await Get<JobRecovery>().SweepAsync();
        var third = await Get<JobRecovery>().SweepAsync();

        Assert.Equal(1, second.Failed);
        Assert.Equal(0, third.Failed);
        Assert.Equal(JobStatus.Failed, (await Jobs.FindAsync(job.Id, user))!.Status);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));
        Assert.Single((await Ledger.GetHistoryAsync(user, 0, 10)).Events, e => e.Reason == CreditReason.JobRefund);
    }

    [Fact]
    public async Task AQueuedJobWithoutATriggerIsScheduledAgain()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions())).Job!;
        Scheduler.Fired(job.Id); // e.g. the in-memory scheduler was lost in a restart

        var report = await Get<JobRecovery>().SweepAsync();

        Assert.Equal(1, report.Rescheduled);
        Assert.True(Scheduler.Scheduled.ContainsKey(job.Id));
    }

    [Fact]
    public async Task WithTheSettingOnThePhotoIsDeletedOnceThePageIsMade()
    {
        var (user, photo) = await UserWithPhotoAsync();
        await Get<AccountSettings>().SetDeletePhotosAfterSuccessAsync(user, true);
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions(AgePreset.Toddler))).Job!;

        await Runner.RunAsync(job.Id, CancellationToken.None);

        Assert.Null(await Get<AssetStore>().FindAsync(photo.Id, user));
        Assert.False(File.Exists(Path.Combine(Database.StorageRoot, "originals", photo.Key)));
        var done = (await Jobs.FindAsync(job.Id, user))!;
        Assert.Null(done.OriginalAssetId);
        Assert.NotNull(done.PageAssetId);
    }

    [Fact]
    public async Task AnotherUserCannotSeeOrDeleteAJob()
    {
        var (owner, photo) = await UserWithPhotoAsync();
        var (stranger, _) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(owner, photo.Id, new PageOptions())).Job!;

        Assert.Null(await Jobs.FindAsync(job.Id, stranger));
        Assert.Equal(JobService.DeleteOutcome.NotFound, await Jobs.DeleteAsync(job.Id, stranger));
        Assert.Equal(0, (await Jobs.ListAsync(stranger, 0, 10)).Total);
        Assert.False(await Jobs.CancelAsync(job.Id, stranger));
        Assert.NotNull(await Jobs.FindAsync(job.Id, owner));
    }

    [Fact]
    public async Task DeletingAFinishedJobDeletesItsPhotoAndPages()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions(AgePreset.Toddler))).Job!;
        await Runner.RunAsync(job.Id, CancellationToken.None);

        var outcome = await Jobs.DeleteAsync(job.Id, user);

        Assert.Equal(JobService.DeleteOutcome.Deleted, outcome);
        Assert.Null(await Jobs.FindAsync(job.Id, user));
        Assert.Equal(0, await CountAssetsAsync(Enum.GetValues<Bucket>()));
        Assert.Empty(Directory.EnumerateFiles(Database.StorageRoot, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DeletingOneVersionOfAPhotoKeepsThePhotoForTheOtherVersionWhichStillGenerates()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var first = (await Starts.StartAsync(user, photo.Id, new PageOptions(AgePreset.Toddler))).Job!;
        await Runner.RunAsync(first.Id, CancellationToken.None);
        var second = (await Starts.StartAsync(user, photo.Id, new PageOptions(AgePreset.Kids))).Job!;

        Assert.Equal(JobService.DeleteOutcome.Deleted, await Jobs.DeleteAsync(first.Id, user));

        Assert.NotNull(await Get<AssetStore>().FindAsync(photo.Id, user));
        Assert.True(File.Exists(Path.Combine(Database.StorageRoot, "originals", photo.Key)));
        Assert.Equal(JobStatus.Succeeded, await Runner.RunAsync(second.Id, CancellationToken.None));
        Assert.Equal(JobService.DeleteOutcome.Deleted, await Jobs.DeleteAsync(second.Id, user));
        Assert.Equal(0, await CountAssetsAsync(Enum.GetValues<Bucket>()));
        Assert.Empty(Directory.EnumerateFiles(Database.StorageRoot, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task WithTheSettingOnThePhotoStaysUntilItsLastQueuedVersionIsMade()
    {
        var (user, photo) = await UserWithPhotoAsync();
        await Get<AccountSettings>().SetDeletePhotosAfterSuccessAsync(user, true);
        var first = (await Starts.StartAsync(user, photo.Id, new PageOptions(AgePreset.Toddler))).Job!;
        var second = (await Starts.StartAsync(user, photo.Id, new PageOptions(AgePreset.Kids))).Job!;

        Assert.Equal(JobStatus.Succeeded, await Runner.RunAsync(first.Id, CancellationToken.None));
        Assert.NotNull(await Get<AssetStore>().FindAsync(photo.Id, user));
        Assert.Equal(JobStatus.Succeeded, await Runner.RunAsync(second.Id, CancellationToken.None));

        Assert.Null(await Get<AssetStore>().FindAsync(photo.Id, user));
        Assert.Equal(1, await Ledger.GetBalanceAsync(user));
    }

    [Fact]
    public async Task DeletingAQueuedJobCancelsItAndGivesTheCreditBack()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions())).Job!;

        var outcome = await Jobs.DeleteAsync(job.Id, user);

        Assert.Equal(JobService.DeleteOutcome.Deleted, outcome);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));
        Assert.Null(await Runner.RunAsync(job.Id, CancellationToken.None));
    }

    [Fact]
    public async Task HistoryIsNewestFirstAndPaged()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            ids.Add((await Starts.StartAsync(user, photo.Id, new PageOptions(Detail: i))).Job!.Id);
        }

        var first = await Jobs.ListAsync(user, 0, 2);
        var second = await Jobs.ListAsync(user, 1, 2);

        Assert.Equal(3, first.Total);
        Assert.Equal([ids[2], ids[1]], first.Items.Select(j => j.Id));
        Assert.Equal([ids[0]], second.Items.Select(j => j.Id));
        var farPastTheEnd = await Jobs.ListAsync(user, int.MaxValue, 100);
        Assert.Empty(farPastTheEnd.Items);
        Assert.Equal(3, farPastTheEnd.Total);
    }

    private async Task<Guid> NewUserAsync(int credits = 3)
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);
        if (credits < 3)
        {
            await Ledger.GrantAsync(user.Id, credits - 3, CreditReason.AdminGrant, $"set-{user.Id:N}", "test");
        }

        return user.Id;
    }

    private async Task<(Guid User, Asset Photo)> UserWithPhotoAsync(int credits = 3)
    {
        var user = await NewUserAsync(credits);
        var photo = await Get<PhotoUploads>().StoreAsync(user, TestImages.Photo("sweets.png"));
        return (user, photo);
    }

    private async Task SimulateWorkerDiedAsync(Guid jobId, int attempts)
    {
        var startedAt = Clock.GetUtcNow();
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, JobStatus.Running)
            .SetProperty(j => j.Attempts, attempts)
            .SetProperty(j => j.StartedAt, startedAt)
            .SetProperty(j => j.HeartbeatAt, startedAt));
    }

    private async Task<int> CountJobsAsync()
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await db.Jobs.CountAsync();
    }

    private async Task<int> CountAssetsAsync(params Bucket[] buckets)
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await db.Assets.CountAsync(a => buckets.Contains(a.Bucket));
    }
}
