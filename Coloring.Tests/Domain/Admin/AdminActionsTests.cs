using Coloring.Domain.Admin;
using Coloring.Domain.Data;
using Coloring.Domain.Flags;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Tests.Domain.Admin;

public sealed class AdminActionsOnSqliteTests() : AdminActionsTests(DatabaseProvider.Sqlite);

public sealed class AdminActionsOnPostgresTests() : AdminActionsTests(DatabaseProvider.Postgres);

/// <summary>
/// The runner every admin action goes through, on a real database: the role checked inside the transaction, the
/// audit entry written with the change, a lost race turned into a conflict, and nothing kept when anything fails.
/// The change used here writes a feature flag row, the smallest table an admin changes.
/// </summary>
public abstract class AdminActionsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private AdminActions Actions => Get<AdminActions>();

    private static AuditNote Note(string key) => new("flag.set", Target: $"flag {key}", Reason: "testing", Details: "off → on");

    private static Func<AdminScope, CancellationToken, Task<AdminChange>> WriteFlag(string key, Func<AdminChange> answer) => async (admin, ct) =>
    {
        admin.Db.FeatureFlags.Add(new FeatureFlag { Key = key, Enabled = true, UpdatedAt = admin.Now, UpdatedBy = admin.Actor.Email });
        await admin.Db.SaveChangesAsync(ct);
        return answer();
    };

    private async Task<List<string>> FlagKeysAsync()
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await db.FeatureFlags.Select(f => f.Key).OrderBy(k => k).ToListAsync();
    }

    [Fact]
    public async Task AChangeIsKeptWithItsAuditEntryNamingTheAdminAndTheMoment()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync();

        var result = await Actions.RunAsync(admin.Id, WriteFlag("one", () => AdminChange.Made(Note("one") with { TargetUserId = user.Id }, "Done it.")));

        Assert.Equal((AdminOutcome.Done, "Done it."), (result.Outcome, result.Message));
        Assert.Equal(["one"], await FlagKeysAsync());
        var entry = Assert.Single(await Services.AuditEntriesAsync());
        Assert.Equal(("flag.set", admin.Id, admin.Email, user.Id, "flag one", "testing", "off → on", Clock.GetUtcNow()),
            (entry.Action, entry.ActorId, entry.ActorEmail, entry.TargetUserId, entry.Target, entry.Reason, entry.Details, entry.CreatedAt));
    }

    [Fact]
    public async Task SomeoneWhoIsNotAnAdminNowGetsNotFoundAndTheChangeNeverRuns()
    {
        var normal = await Services.AddUserWithCreditsAsync();
        var demoted = await Services.AddAdminAsync();
        var locked = await Services.AddAdminAsync();
        await using (var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            await db.UserRoles.Where(r => r.UserId == demoted.Id).ExecuteDeleteAsync();
            await db.Users.Where(u => u.Id == locked.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.MaxValue));
        }

        var ran = 0;
        foreach (var actorId in new[] { normal.Id, demoted.Id, locked.Id, Guid.NewGuid(), Guid.Empty })
        {
            var result = await Actions.RunAsync(actorId, (_, _) => { ran++; return Task.FromResult(AdminChange.Made(Note("x"))); });
            var outside = await Actions.RunOutsideTransactionAsync(actorId, (_, _) => { ran++; return Task.FromResult(AdminChange.Made(Note("x"))); });
            Assert.Equal((AdminOutcome.NotFound, AdminOutcome.NotFound), (result.Outcome, outside.Outcome));
        }

        Assert.Equal(0, ran);
        Assert.Empty(await Services.AuditEntriesAsync());
    }

    [Fact]
    public async Task AChangeThatStopsIsRolledBackWithoutAnAuditEntryOrItsAfterCommitStep()
    {
        var admin = await Services.AddAdminAsync();

        var refused = await Actions.RunAsync(admin.Id, WriteFlag("refused", () => AdminResult.Invalid("Not like that.")));
        var already = await Actions.RunAsync(admin.Id, WriteFlag("already", () => AdminResult.Done("Already so.")));

        Assert.Equal((AdminOutcome.Invalid, "Not like that."), (refused.Outcome, refused.Message));
        Assert.Equal((AdminOutcome.Done, "Already so."), (already.Outcome, already.Message));
        Assert.Empty(await FlagKeysAsync());
        Assert.Empty(await Services.AuditEntriesAsync());
    }

    [Fact]
    public async Task AWriteThatLosesARaceIsAConflictAndNothingOfTheChangeIsKept()
    {
        var admin = await Services.AddAdminAsync();
        Assert.Equal(AdminOutcome.Done, (await Actions.RunAsync(admin.Id, WriteFlag("taken", () => AdminChange.Made(Note("taken"))))).Outcome);
        var afterCommit = 0;

        // The second change writes another row, then one whose key another action already took.
        var lost = await Actions.RunAsync(admin.Id, async (scope, ct) =>
        {
            scope.Db.FeatureFlags.Add(new FeatureFlag { Key = "other", UpdatedAt = scope.Now });
            await scope.Db.SaveChangesAsync(ct);
            return await WriteFlag("taken", () => AdminChange.Made(Note("taken"), afterCommit: _ => { afterCommit++; return Task.CompletedTask; }))(scope, ct);
        });
        var explained = await Actions.RunAsync(admin.Id, WriteFlag("taken", () => AdminChange.Made(Note("taken"))),
            onConflict: _ => Task.FromResult(AdminResult.Done("That change was already made.")));

        Assert.Equal((AdminOutcome.Conflict, AdminActions.ChangedMeanwhile), (lost.Outcome, lost.Message));
        Assert.Equal((AdminOutcome.Done, "That change was already made."), (explained.Outcome, explained.Message));
        Assert.Equal(["taken"], await FlagKeysAsync());
        Assert.Single(await Services.AuditEntriesAsync());
        Assert.Equal(0, afterCommit);
    }

    [Fact]
    public async Task WhenTheAuditEntryCannotBeWrittenOrTheChangeThrowsNothingIsKept()
    {
        var admin = await Services.AddAdminAsync();
        Get<CrashPoint>().Arm("INSERT", "audit_log");

        var unaudited = await Actions.RunAsync(admin.Id, WriteFlag("unaudited", () => AdminChange.Made(Note("unaudited"))));
        await Assert.ThrowsAsync<TimeoutException>(() => Actions.RunAsync(admin.Id, WriteFlag("thrown", () => throw new TimeoutException())));

        Assert.Equal((1, AdminOutcome.Conflict), (Get<CrashPoint>().Crashes, unaudited.Outcome));
        Assert.Empty(await FlagKeysAsync());
        Assert.Empty(await Services.AuditEntriesAsync());
    }

    [Fact]
    public async Task WhatFollowsAChangeRunsOnlyOnceItIsCommitted()
    {
        var admin = await Services.AddAdminAsync();
        List<string>? seenAfter = null;

        await Actions.RunAsync(admin.Id, WriteFlag("seen", () => AdminChange.Made(Note("seen"), afterCommit: async _ => seenAfter = await FlagKeysAsync())));

        Assert.Equal(["seen"], seenAfter);
    }

    [Fact]
    public async Task WorkOutsideATransactionIsAuditedWhenItEndsAndARefusalIsNot()
    {
        var admin = await Services.AddAdminAsync();
        var auditedDuringWork = -1;

        var done = await Actions.RunOutsideTransactionAsync(admin.Id, async (actor, _) =>
        {
            auditedDuringWork = (await Services.AuditEntriesAsync()).Count;
            Assert.Equal(admin, actor);
            return AdminChange.Made(new AuditNote("storage.cleanup", Target: "storage", Details: "3 deleted"));
        });
        var refused = await Actions.RunOutsideTransactionAsync(admin.Id, (_, _) => Task.FromResult<AdminChange>(AdminResult.Conflict("Busy.")));

        Assert.Equal((AdminOutcome.Done, AdminOutcome.Conflict, "Busy."), (done.Outcome, refused.Outcome, refused.Message));
        Assert.Equal(0, auditedDuringWork);
        var entry = Assert.Single(await Services.AuditEntriesAsync());
        Assert.Equal(("storage.cleanup", admin.Id, "3 deleted"), (entry.Action, entry.ActorId, entry.Details));
    }
}
