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

public sealed class AdminReportsOnSqliteTests() : AdminReportsTests(DatabaseProvider.Sqlite);

public sealed class AdminReportsOnPostgresTests() : AdminReportsTests(DatabaseProvider.Postgres);

/// <summary>The dashboard's figures, the storage report with its cleanup, and the audit log's filters.</summary>
public abstract class AdminReportsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    [Fact]
    public async Task TheDashboardCountsUsersJobsFailuresTimesCreditsAndStorage()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        var jobs = Get<PageStarts>();
        var made = (await jobs.StartAsync(user.Id, photo.Id, new PageOptions(AgePreset.Toddler))).Job!;
        await Get<JobRunner>().RunAsync(made.Id, CancellationToken.None);
        var failed = (await jobs.StartAsync(user.Id, photo.Id, new PageOptions(), generator: "flaky")).Job!;
        await SetAttemptsAsync(failed.Id, 10);
        await Get<JobRunner>().RunAsync(failed.Id, CancellationToken.None);
        await jobs.StartAsync(user.Id, photo.Id, new PageOptions());
        await Get<AdminUsers>().ChangeCreditsAsync(admin.Id, user.Id, 4, "thanks", Guid.NewGuid());

        var figures = await Get<AdminDashboard>().GetAsync();

        Assert.Equal((2, 2), (figures.UsersTotal, figures.UsersNewThisWeek));
        Assert.Equal((1, 1, 1, 0, 0), (figures.JobsToday[JobStatus.Succeeded], figures.JobsToday[JobStatus.Failed], figures.JobsToday[JobStatus.Queued], figures.JobsToday[JobStatus.Running], figures.JobsToday[JobStatus.Canceled]));
        Assert.Equal(1, figures.QueueDepth);
        Assert.Equal((0.5, 2), (figures.FailureRate, figures.FinishedThisWeek));
        Assert.NotNull(figures.MedianGenerationTime);
        Assert.Equal(AdminDashboard.ChartDays, figures.CreditsByDay.Count);
        var today = figures.CreditsByDay[^1];
        Assert.Equal(DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime), today.Day);
        Assert.Equal((3 + 4, 3 - 1), (today.Granted, today.Spent)); // sign-up + grant; three debits less one refund
        Assert.All(figures.CreditsByDay.Take(AdminDashboard.ChartDays - 1), d => Assert.Equal((0, 0), (d.Granted, d.Spent)));
        Assert.Equal(1, figures.Storage.Single(b => b.Bucket == Bucket.Originals).Files);
        Assert.Equal(2, figures.Storage.Single(b => b.Bucket == Bucket.Artifacts).Files);
        Assert.True(figures.Storage.Single(b => b.Bucket == Bucket.Originals).Bytes > 0);
    }

    [Fact]
    public async Task AnEmptyServiceHasAnEmptyDashboardWithoutDividingByZero()
    {
        var figures = await Get<AdminDashboard>().GetAsync();

        Assert.Equal((0, 0, 0), (figures.UsersTotal, figures.QueueDepth, figures.FinishedThisWeek));
        Assert.Null(figures.FailureRate);
        Assert.Null(figures.MedianGenerationTime);
        Assert.All(figures.Storage, b => Assert.Equal((0, 0L), (b.Files, b.Bytes)));
    }

    [Fact]
    public async Task StorageShowsWhatExpiresSoonAndRunningTheCleanupIsAuditedWithItsCounts()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);
        var store = Get<AssetStore>();
        await store.SaveAsync(user.Id, Bucket.Intermediates, new byte[100], "image/png", "png");
        await store.SaveAsync(user.Id, Bucket.Previews, new byte[50], "image/png", "png");
        Clock.Advance(TimeSpan.FromHours(30)); // the intermediate (48 hours) now expires within a day
        var report = Get<StorageReport>();

        var before = await report.GetAsync();

        Assert.Equal((1, 100L), (before.Buckets.Single(b => b.Bucket == Bucket.Intermediates).Files, before.Buckets.Single(b => b.Bucket == Bucket.Intermediates).Bytes));
        Assert.Equal(1, before.ExpiringSoon.Single(b => b.Bucket == Bucket.Intermediates).Files);
        Assert.Equal(0, before.ExpiringSoon.Single(b => b.Bucket == Bucket.Previews).Files);
        Assert.Null(before.LastCleanup);
        Assert.Empty(before.RecentCleanups);

        Clock.Advance(TimeSpan.FromDays(1));
        var (result, counts) = await report.RunCleanupAsync(admin.Id);

        Assert.Equal(AdminOutcome.Done, result.Outcome);
        Assert.Equal(1, counts!.ExpiredAssets);
        var after = await report.GetAsync();
        Assert.Equal(0, after.Buckets.Single(b => b.Bucket == Bucket.Intermediates).Files);
        Assert.Equal<DateTimeOffset?>(Clock.GetUtcNow(), after.LastCleanup!.FinishedAt);
        Assert.Equal((counts.Id, 1, admin.Email), (after.LastCleanup.Id, after.LastCleanup.ExpiredAssets, after.LastCleanup.StartedByEmail));
        Assert.Equal(counts.Id, Assert.Single(after.RecentCleanups).Id);
        var entry = Assert.Single(await Services.AuditEntriesAsync());
        Assert.Equal("storage.cleanup", entry.Action);
        Assert.Equal("1 expired file, 0 orphaned files, 0 old sign-in links deleted", entry.Details);
    }

    [Fact]
    public async Task ANormalUserCannotRunTheCleanup()
    {
        var user = await Services.AddUserWithCreditsAsync(3);

        var (result, counts) = await Get<StorageReport>().RunCleanupAsync(user.Id);

        Assert.Equal(AdminOutcome.NotFound, result.Outcome);
        Assert.Null(counts);
        Assert.Empty((await Get<Cleanup>().GetHistoryAsync()).Recent);
        Assert.Empty(await Services.AuditEntriesAsync());
    }

    [Fact]
    public async Task TheAuditLogIsNewestFirstPagedAndFilterable()
    {
        var alice = await Services.AddAdminAsync("alice-admin@example.com");
        var bob = await Services.AddAdminAsync("bob-admin@example.com");
        var user = await Services.AddUserWithCreditsAsync(3);
        var other = await Services.AddUserWithCreditsAsync(3);
        var users = Get<AdminUsers>();
        await users.ChangeCreditsAsync(alice.Id, user.Id, 1, "one", Guid.NewGuid());
        Clock.Advance(TimeSpan.FromDays(2));
        await users.ChangeCreditsAsync(bob.Id, other.Id, -1, "two", Guid.NewGuid());
        await users.SetLockedAsync(bob.Id, user.Id, true, "three");
        var log = Get<AuditLog>();

        var all = await log.ListAsync(new AuditFilter(), 0, 2);
        var credits = await log.ListAsync(new AuditFilter(Action: "credits"), 0, 10);
        var grants = await log.ListAsync(new AuditFilter(Action: "credits.grant"), 0, 10);
        var byBob = await log.ListAsync(new AuditFilter(Actor: "BOB-"), 0, 10);
        var aboutUser = await log.ListAsync(new AuditFilter(TargetUserId: user.Id), 0, 10);
        var recent = await log.ListAsync(new AuditFilter(From: Clock.GetUtcNow().AddDays(-1)), 0, 10);
        var old = await log.ListAsync(new AuditFilter(Until: Clock.GetUtcNow().AddDays(-1)), 0, 10);
        var wildcard = await log.ListAsync(new AuditFilter(Action: "%", Actor: "%"), 0, 10);
        var hostile = await log.ListAsync(new AuditFilter(Action: new string('x', 10_000)), -1, 1_000_000);

        Assert.Equal(3, all.Total);
        Assert.Equal(["user.lock", "credits.remove"], all.Items.Select(e => e.Action));
        Assert.Equal(2, credits.Total);
        Assert.Equal(["one"], grants.Items.Select(e => e.Reason));
        Assert.Equal(2, byBob.Total);
        Assert.Equal(["three", "one"], aboutUser.Items.Select(e => e.Reason));
        Assert.Equal(2, recent.Total);
        Assert.Equal(["one"], old.Items.Select(e => e.Reason));
        Assert.Equal(0, wildcard.Total);
        Assert.Equal(0, hostile.Total);
    }

    private async Task SetAttemptsAsync(Guid jobId, int attempts)
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.Attempts, attempts));
    }
}
