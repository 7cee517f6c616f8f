using Coloring.Domain.Admin;
using Coloring.Domain.Data;
using Coloring.Domain.Storage;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Domain.Storage;

public sealed class CleanupOnSqliteTests() : CleanupTests(DatabaseProvider.Sqlite);

public sealed class CleanupOnPostgresTests() : CleanupTests(DatabaseProvider.Postgres);

/// <summary>
/// Cleanup passes are kept in the database, whichever instance ran them, and only one runs at a time across
/// instances. A second instance is a second set of services over the same database, as after a restart.
/// </summary>
public abstract class CleanupTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    [Fact]
    public async Task APassIsRememberedAfterARestartAndOnAnotherInstance()
    {
        var admin = await Services.AddAdminAsync("keeper@example.com");
        await SaveExpiringFileAsync();
        Clock.Advance(TimeSpan.FromHours(49));
        await Get<Cleanup>().RunAsync(admin);
        var finishedAt = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromMinutes(5));

        await using var restarted = await Database.CreateServicesAsync(Clock);
        var figures = await restarted.GetRequiredService<StorageReport>().GetAsync();

        var last = figures.LastCleanup!;
        Assert.Equal(CleanupStatus.Succeeded, last.Status);
        Assert.Equal<DateTimeOffset?>(finishedAt, last.FinishedAt);
        Assert.Equal((1, 0, 0), (last.ExpiredAssets, last.OrphanFiles, last.ExpiredSignInLinks));
        Assert.Equal((admin.Id, "keeper@example.com", true), (last.StartedById, last.StartedByEmail, last.ByHand));
        Assert.Equal(Environment.MachineName, last.Machine);
        Assert.Equal(last.Id, Assert.Single(figures.RecentCleanups).Id);
    }

    [Fact]
    public async Task ThePassesAreListedNewestFirstTenAtMostAndTheScheduleIsNamedAsSuch()
    {
        for (var i = 0; i < 12; i++)
        {
            await Get<Cleanup>().RunAsync();
            Clock.Advance(TimeSpan.FromHours(1));
        }

        var history = await Get<Cleanup>().GetHistoryAsync();

        Assert.Equal(Cleanup.HistoryLength, history.Recent.Count);
        Assert.Equal(history.Recent.OrderByDescending(r => r.StartedAt).Select(r => r.Id), history.Recent.Select(r => r.Id));
        Assert.Equal(Clock.GetUtcNow() - TimeSpan.FromHours(1), history.Recent[0].StartedAt);
        Assert.Equal(history.Recent[0].Id, history.LastGood!.Id);
        Assert.All(history.Recent, r => Assert.Equal((CleanupStatus.Succeeded, (Guid?)null, (string?)null, false), (r.Status, r.StartedById, r.StartedByEmail, r.ByHand)));
        Assert.Equal(12, await CountRunsAsync());
    }

    [Fact]
    public async Task AGoodPassPrunesPassesOlderThanNinetyDays()
    {
        await Get<Cleanup>().RunAsync();
        Clock.Advance(TimeSpan.FromDays(30));
        var kept = (await Get<Cleanup>().RunAsync()).Run;
        Clock.Advance(Cleanup.KeepFor - TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));

        var latest = (await Get<Cleanup>().RunAsync()).Run;

        var history = await Get<Cleanup>().GetHistoryAsync();
        Assert.Equal([latest.Id, kept.Id], history.Recent.Select(r => r.Id));
        Assert.Equal(2, await CountRunsAsync());
    }

    [Fact]
    public async Task AFailedPassIsRecordedWithAShortReasonAndTheLastGoodPassStillShows()
    {
        var good = (await Get<Cleanup>().RunAsync()).Run;
        await SaveExpiringFileAsync();
        Clock.Advance(TimeSpan.FromHours(49));
        await ExecuteAsync("ALTER TABLE magic_link_tokens RENAME TO magic_link_tokens_away");

        var (failed, alreadyRunning) = await Get<Cleanup>().RunAsync();

        Assert.False(alreadyRunning);
        Assert.Equal(CleanupStatus.Failed, failed.Status);
        Assert.Equal<DateTimeOffset?>(Clock.GetUtcNow(), failed.FinishedAt);
        Assert.Equal(1, failed.ExpiredAssets); // the step before the failure did its work, and says so
        await using var restarted = await Database.CreateServicesAsync(Clock);
        var figures = await restarted.GetRequiredService<StorageReport>().GetAsync();
        Assert.Equal(good.Id, figures.LastCleanup!.Id);
        var recorded = figures.RecentCleanups[0];
        Assert.Equal((failed.Id, CleanupStatus.Failed, 1), (recorded.Id, recorded.Status, recorded.ExpiredAssets));
        Assert.StartsWith("Stopped while deleting old sign-in links: ", recorded.Error);
        Assert.Contains("magic_link_tokens", recorded.Error);
        Assert.DoesNotContain("\n", recorded.Error);
        Assert.DoesNotContain(" at Coloring.", recorded.Error);
        Assert.True(recorded.Error!.Length <= CleanupRun.ErrorLength);

        await ExecuteAsync("ALTER TABLE magic_link_tokens_away RENAME TO magic_link_tokens");
        Clock.Advance(TimeSpan.FromHours(1));
        var next = (await Get<Cleanup>().RunAsync()).Run;
        Assert.Equal(CleanupStatus.Succeeded, next.Status);
        Assert.Equal(next.Id, (await Get<Cleanup>().GetHistoryAsync()).LastGood!.Id);
    }

    [Fact]
    public async Task AFailedPassDoesNotPruneAndAReasonNeverOutgrowsItsColumn()
    {
        await Get<Cleanup>().RunAsync();
        Clock.Advance(Cleanup.KeepFor + TimeSpan.FromDays(1));
        await ExecuteAsync("ALTER TABLE magic_link_tokens RENAME TO magic_link_tokens_away");

        await Get<Cleanup>().RunAsync();

        Assert.Equal(2, await CountRunsAsync());
        var huge = Cleanup.Reason("deleting old sign-in links", new InvalidOperationException(new string('x', 10_000) + "\n   at Somewhere.Else()"));
        Assert.Equal(CleanupRun.ErrorLength, huge.Length);
        Assert.EndsWith("…", huge);
        Assert.Equal("Stopped while a step: InvalidOperationException", Cleanup.Reason("a step", new InvalidOperationException("")));
    }

    [Fact]
    public async Task WhileAPassHoldsTheLeaseNoOtherStartsHereOrOnAnotherInstanceUntilTheLeaseRunsOut()
    {
        var admin = await Services.AddAdminAsync();
        await SaveExpiringFileAsync();
        Clock.Advance(TimeSpan.FromHours(49));
        var held = await Get<Cleanup>().ClaimAsync(null, CancellationToken.None); // a pass under way on this instance
        await using var other = await Database.CreateServicesAsync(Clock);

        var here = await Get<Cleanup>().RunAsync();
        var there = await other.GetRequiredService<Cleanup>().RunAsync();
        var (byHand, heldRun) = await other.GetRequiredService<StorageReport>().RunCleanupAsync(admin.Id);

        Assert.False(held.AlreadyRunning);
        Assert.Equal((true, held.Run.Id), (here.AlreadyRunning, here.Run.Id));
        Assert.Equal((true, held.Run.Id), (there.AlreadyRunning, there.Run.Id));
        Assert.Equal(AdminOutcome.Conflict, byHand.Outcome);
        Assert.Contains("already running", byHand.Message);
        Assert.Equal(held.Run.Id, heldRun!.Id);
        Assert.Equal(1, await CountAssetsAsync()); // nothing was deleted
        Assert.Empty(await Services.AuditEntriesAsync());
        Assert.Equal(1, await CountRunsAsync());
        Assert.Equal(CleanupStatus.Running, (await Get<Cleanup>().GetHistoryAsync()).Recent.Single().Status);

        Clock.Advance(Cleanup.Lease); // the holder never renewed it: its machine stopped
        var after = await other.GetRequiredService<Cleanup>().RunAsync();

        Assert.False(after.AlreadyRunning);
        Assert.Equal(CleanupStatus.Succeeded, after.Run.Status);
        Assert.Equal(1, after.Run.ExpiredAssets);
        var lost = (await Get<Cleanup>().GetHistoryAsync()).Recent.Single(r => r.Id == held.Run.Id);
        Assert.Equal((CleanupStatus.Failed, Cleanup.LostReason), (lost.Status, lost.Error));
    }

    [Fact]
    public async Task ManyPassesAskedForAtOnceOnTwoInstancesTakeTheLeaseExactlyOnce()
    {
        await using var other = await Database.CreateServicesAsync(Clock);
        var instances = new[] { Get<Cleanup>(), other.GetRequiredService<Cleanup>() };

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => instances[i % 2].ClaimAsync(null, CancellationToken.None))));

        var winner = Assert.Single(claims, c => !c.AlreadyRunning);
        Assert.All(claims, c => Assert.Equal(winner.Run.Id, c.Run.Id));
        Assert.Equal(1, await CountRunsAsync());
    }

    [Fact]
    public async Task PassesStartedAtOnceOnTwoInstancesDeleteEachThingOnce()
    {
        var user = await Services.AddUserAsync();
        for (var i = 0; i < 20; i++)
        {
            await Get<AssetStore>().SaveAsync(user.Id, Bucket.Intermediates, new byte[] { (byte)i }, "image/png", "png");
        }

        Clock.Advance(TimeSpan.FromHours(49));
        await using var other = await Database.CreateServicesAsync(Clock);
        var instances = new[] { Get<Cleanup>(), other.GetRequiredService<Cleanup>() };

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => instances[i % 2].RunAsync())));

        var ran = attempts.Where(a => !a.AlreadyRunning).Select(a => a.Run).ToList();
        Assert.NotEmpty(ran);
        Assert.All(ran, r => Assert.Equal(CleanupStatus.Succeeded, r.Status));
        Assert.Equal(20, ran.Sum(r => r.ExpiredAssets));
        Assert.Equal(0, await CountAssetsAsync());
        Assert.Equal(ran.Count, await CountRunsAsync()); // a refused request leaves no row
        Assert.DoesNotContain((await Get<Cleanup>().GetHistoryAsync()).Recent, r => r.Status == CleanupStatus.Running);
    }

    [Fact]
    public async Task DeletingTheAdminWhoRanAPassKeepsThePassAndTheirAddress()
    {
        var admin = await Services.AddAdminAsync("gone@example.com");
        await Get<StorageReport>().RunCleanupAsync(admin.Id);

        await using (var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == admin.Id).ExecuteDeleteAsync();
        }

        var last = (await Get<Cleanup>().GetHistoryAsync()).LastGood!;
        Assert.Equal(((Guid?)null, "gone@example.com", true), (last.StartedById, last.StartedByEmail, last.ByHand));
    }

    private async Task SaveExpiringFileAsync()
    {
        var user = await Services.AddUserAsync();
        await Get<AssetStore>().SaveAsync(user.Id, Bucket.Intermediates, new byte[] { 1 }, "image/png", "png");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<int> CountRunsAsync()
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await db.CleanupRuns.CountAsync();
    }

    private async Task<int> CountAssetsAsync()
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await db.Assets.CountAsync();
    }
}
