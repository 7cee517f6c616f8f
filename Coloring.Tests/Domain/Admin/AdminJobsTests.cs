using Coloring.Domain.Admin;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Tests.Domain.Admin;

public sealed class AdminJobsOnSqliteTests() : AdminJobsTests(DatabaseProvider.Sqlite);

public sealed class AdminJobsOnPostgresTests() : AdminJobsTests(DatabaseProvider.Postgres);

/// <summary>Listing, retrying and canceling any user's jobs as an admin, on a real database.</summary>
public abstract class AdminJobsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private AdminJobs AdminJobs => Get<AdminJobs>();

    private JobService Jobs => Get<JobService>();

    private PageStarts Starts => Get<PageStarts>();

    private CreditLedger Ledger => Get<CreditLedger>();

    private RecordingScheduler Scheduler => Get<RecordingScheduler>();

    [Fact]
    public async Task RetryingAFailedJobQueuesItAgainWithoutASecondChargeAndAFailureAgainRefundsNothingMore()
    {
        var admin = await Services.AddAdminAsync();
        var (user, job) = await FailedJobAsync();
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));
        Scheduler.Fired(job.Id);

        var result = await AdminJobs.RetryAsync(admin.Id, job.Id);

        Assert.Equal(AdminOutcome.Done, result.Outcome);
        var queued = (await Jobs.FindAsync(job.Id, user))!;
        Assert.Equal((JobStatus.Queued, null), (queued.Status, queued.Error));
        Assert.True(Scheduler.Scheduled.ContainsKey(job.Id));
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));

        // It fails again: the refund's key is spent, so the user gets no second credit back.
        Assert.Equal(JobStatus.Failed, await Get<JobRunner>().RunAsync(job.Id, CancellationToken.None));
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));
        var events = (await Ledger.GetHistoryAsync(user, 0, 50)).Events;
        Assert.Single(events, e => e.Reason == CreditReason.JobDebit);
        Assert.Single(events, e => e.Reason == CreditReason.JobRefund);
        var entry = Assert.Single(await Services.AuditEntriesAsync());
        Assert.Equal(("job.retry", user, $"job {job.Id}"), (entry.Action, entry.TargetUserId, entry.Target));
    }

    [Fact]
    public async Task ARetriedJobThatSucceedsCostsTheUserNothingMore()
    {
        var admin = await Services.AddAdminAsync();
        var (user, job) = await FailedJobAsync();
        await SetGeneratorAsync(job.Id, "local");

        await AdminJobs.RetryAsync(admin.Id, job.Id);
        var status = await Get<JobRunner>().RunAsync(job.Id, CancellationToken.None);

        Assert.Equal(JobStatus.Succeeded, status);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));
        Assert.Empty(await Ledger.FindUnbalancedAccountsAsync());
    }

    [Fact]
    public async Task RetryingTwiceAtOnceQueuesItOnce()
    {
        var admin = await Services.AddAdminAsync();
        var (_, job) = await FailedJobAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => AdminJobs.RetryAsync(admin.Id, job.Id))));

        Assert.Single(results, r => r.Outcome == AdminOutcome.Done);
        Assert.Equal(2, results.Count(r => r.Outcome == AdminOutcome.Conflict));
        Assert.Single(await Services.AuditEntriesAsync());
    }

    [Fact]
    public async Task OnlyAFailedJobWithItsPhotoStillStoredCanBeRetried()
    {
        var admin = await Services.AddAdminAsync();
        var (user, photo) = await UserWithPhotoAsync();
        var queued = (await Starts.StartAsync(user, photo.Id, new PageOptions())).Job!;
        var (_, failed) = await FailedJobAsync();
        await Get<AssetStore>().DeleteAsync([failed.OriginalAssetId!.Value]);

        var notFailed = await AdminJobs.RetryAsync(admin.Id, queued.Id);
        var noPhoto = await AdminJobs.RetryAsync(admin.Id, failed.Id);
        var noJob = await AdminJobs.RetryAsync(admin.Id, Guid.NewGuid());

        Assert.Equal((AdminOutcome.Conflict, AdminOutcome.Conflict, AdminOutcome.NotFound), (notFailed.Outcome, noPhoto.Outcome, noJob.Outcome));
        Assert.Contains("photo", noPhoto.Message);
        Assert.Equal(JobStatus.Failed, (await AdminJobs.FindAsync(failed.Id))!.Job.Status);
        Assert.Empty(await Services.AuditEntriesAsync());
    }

    [Fact]
    public async Task CancelingAQueuedJobRefundsItsCreditOnceWithTheAuditEntry()
    {
        var admin = await Services.AddAdminAsync();
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions())).Job!;
        Assert.Equal(2, await Ledger.GetBalanceAsync(user));

        var result = await AdminJobs.CancelAsync(admin.Id, job.Id);
        var again = await AdminJobs.CancelAsync(admin.Id, job.Id);

        Assert.Equal((AdminOutcome.Done, AdminOutcome.Conflict), (result.Outcome, again.Outcome));
        Assert.Equal(JobStatus.Canceled, (await Jobs.FindAsync(job.Id, user))!.Status);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));
        var entry = Assert.Single(await Services.AuditEntriesAsync());
        Assert.Equal(("job.cancel", user), (entry.Action, entry.TargetUserId));
        Assert.Equal(JobStatus.Canceled, await Get<JobRunner>().RunAsync(job.Id, CancellationToken.None));
    }

    [Fact]
    public async Task CancelingTwiceAtOnceRefundsOnce()
    {
        var admin = await Services.AddAdminAsync();
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions())).Job!;

        var results = await Task.WhenAll(
            Task.Run(() => AdminJobs.CancelAsync(admin.Id, job.Id)),
            Task.Run(() => AdminJobs.CancelAsync(admin.Id, job.Id)),
            Task.Run(async () => await Jobs.CancelAsync(job.Id, user) ? AdminResult.Done() : AdminResult.Conflict("no")));

        Assert.Single(results, r => r.Outcome == AdminOutcome.Done);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user));
        Assert.Single((await Ledger.GetHistoryAsync(user, 0, 50)).Events, e => e.Reason == CreditReason.JobRefund);
        Assert.True((await Services.AuditEntriesAsync()).Count <= 1);
        Assert.Empty(await Ledger.FindUnbalancedAccountsAsync());
    }

    [Fact]
    public async Task ANormalUserCanNeitherRetryNorCancelSomeoneElsesJob()
    {
        var (stranger, _) = await UserWithPhotoAsync();
        var (user, photo) = await UserWithPhotoAsync();
        var queued = (await Starts.StartAsync(user, photo.Id, new PageOptions())).Job!;
        var (_, failed) = await FailedJobAsync();

        var cancel = await AdminJobs.CancelAsync(stranger, queued.Id);
        var retry = await AdminJobs.RetryAsync(stranger, failed.Id);

        Assert.Equal((AdminOutcome.NotFound, AdminOutcome.NotFound), (cancel.Outcome, retry.Outcome));
        Assert.Equal(JobStatus.Queued, (await Jobs.FindAsync(queued.Id, user))!.Status);
        Assert.Equal(JobStatus.Failed, (await AdminJobs.FindAsync(failed.Id))!.Job.Status);
    }

    [Fact]
    public async Task JobsFilterByStatusUserAndDate()
    {
        var (alice, alicePhoto) = await UserWithPhotoAsync("alice@example.com");
        var (bob, bobPhoto) = await UserWithPhotoAsync("bob@example.com");
        var first = (await Starts.StartAsync(alice, alicePhoto.Id, new PageOptions())).Job!;
        Clock.Advance(TimeSpan.FromDays(2));
        var second = (await Starts.StartAsync(bob, bobPhoto.Id, new PageOptions())).Job!;
        await Jobs.CancelAsync(second.Id, bob);

        var queued = await AdminJobs.ListAsync(new JobFilter(Status: JobStatus.Queued), 0, 10);
        var byEmail = await AdminJobs.ListAsync(new JobFilter(User: "BOB@"), 0, 10);
        var byId = await AdminJobs.ListAsync(new JobFilter(UserId: alice), 0, 10);
        var recent = await AdminJobs.ListAsync(new JobFilter(From: Clock.GetUtcNow().AddDays(-1)), 0, 10);
        var old = await AdminJobs.ListAsync(new JobFilter(Until: Clock.GetUtcNow().AddDays(-1)), 0, 10);
        var all = await AdminJobs.ListAsync(new JobFilter(), 0, 10);
        var wildcard = await AdminJobs.ListAsync(new JobFilter(User: "%"), 0, 10);

        Assert.Equal([first.Id], queued.Items.Select(j => j.Job.Id));
        Assert.Equal([second.Id], byEmail.Items.Select(j => j.Job.Id));
        Assert.Equal("bob@example.com", byEmail.Items[0].OwnerEmail);
        Assert.Equal([first.Id], byId.Items.Select(j => j.Job.Id));
        Assert.Equal([second.Id], recent.Items.Select(j => j.Job.Id));
        Assert.Equal([first.Id], old.Items.Select(j => j.Job.Id));
        Assert.Equal([second.Id, first.Id], all.Items.Select(j => j.Job.Id));
        Assert.Equal(0, wildcard.Total);
    }

    private async Task<(Guid User, Asset Photo)> UserWithPhotoAsync(string? email = null)
    {
        var user = await Services.AddUserWithCreditsAsync(3, email);
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        return (user.Id, photo);
    }

    /// <summary>A job that failed for good on the flaky image service (refunded), as a user sees it.</summary>
    private async Task<(Guid User, Job Job)> FailedJobAsync()
    {
        var (user, photo) = await UserWithPhotoAsync();
        var job = (await Starts.StartAsync(user, photo.Id, new PageOptions(), generator: "flaky")).Job!;
        await using (var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            // The last attempt: a transient failure now fails the job instead of queuing it again.
            await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Attempts, 10));
        }

        Assert.Equal(JobStatus.Failed, await Get<JobRunner>().RunAsync(job.Id, CancellationToken.None));
        return (user, (await Jobs.FindAsync(job.Id, user))!);
    }

    private async Task SetGeneratorAsync(Guid jobId, string generator)
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.Generator, generator));
    }
}
