using Coloring.Domain.Accounts;
using Coloring.Domain.Admin;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Realtime;
using Coloring.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Domain.Admin;

public sealed class AdminUsersOnSqliteTests() : AdminUsersTests(DatabaseProvider.Sqlite);

public sealed class AdminUsersOnPostgresTests() : AdminUsersTests(DatabaseProvider.Postgres);

/// <summary>Search, credit changes, locking and the Admin role, on a real database.</summary>
public abstract class AdminUsersTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private AdminUsers Users => Get<AdminUsers>();

    private CreditLedger Ledger => Get<CreditLedger>();

    [Fact]
    public async Task AGrantAddsCreditsAsAnAdminGrantNamingTheAdminWithItsAuditEntry()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);

        var result = await Users.ChangeCreditsAsync(admin.Id, user.Id, 5, "  Sorry about the broken printer  ", Guid.NewGuid());

        Assert.Equal(AdminOutcome.Done, result.Outcome);
        Assert.Equal(8, await Ledger.GetBalanceAsync(user.Id));
        var grant = (await Ledger.GetHistoryAsync(user.Id, 0, 10)).Events.First();
        Assert.Equal((CreditReason.AdminGrant, 5, admin.Id.ToString(), "Sorry about the broken printer"), (grant.Reason, grant.Delta, grant.Actor, grant.Note));
        var entry = Assert.Single(await Services.AuditEntriesAsync());
        Assert.Equal(("credits.grant", admin.Id, admin.Email, user.Id, "Sorry about the broken printer"), (entry.Action, entry.ActorId, entry.ActorEmail, entry.TargetUserId, entry.Reason));
        Assert.Equal("+5 credits, balance 3 → 8", entry.Details);
        Assert.Empty(await Ledger.FindUnbalancedAccountsAsync());
    }

    [Fact]
    public async Task AGrantTellsTheUsersOpenPagesTheNewBalance()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);
        var heard = new List<string>();
        using var _ = Get<ILiveUpdates>().Subscribe(LiveTopics.Balance(user.Id), m => { heard.Add(m); return Task.CompletedTask; });

        await Users.ChangeCreditsAsync(admin.Id, user.Id, 5, "goodwill", Guid.NewGuid());

        Assert.Equal(["8"], heard);
    }

    [Fact]
    public async Task RemovingCreditsStopsAtZeroWithAClearMessageAndChangesNothing()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(2);

        var tooMany = await Users.ChangeCreditsAsync(admin.Id, user.Id, -3, "abuse", Guid.NewGuid());
        var allOfThem = await Users.ChangeCreditsAsync(admin.Id, user.Id, -2, "abuse", Guid.NewGuid());

        Assert.Equal(AdminOutcome.Invalid, tooMany.Outcome);
        Assert.Contains("has 2 credits; you can remove at most 2", tooMany.Message);
        Assert.Equal(AdminOutcome.Done, allOfThem.Outcome);
        Assert.Equal(0, await Ledger.GetBalanceAsync(user.Id));
        var entry = Assert.Single(await Services.AuditEntriesAsync());
        Assert.Equal(("credits.remove", "-2 credits, balance 2 → 0"), (entry.Action, entry.Details));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t ")]
    public async Task AGrantWithoutAReasonIsRefused(string? reason)
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);

        var result = await Users.ChangeCreditsAsync(admin.Id, user.Id, 5, reason, Guid.NewGuid());

        Assert.Equal(AdminOutcome.Invalid, result.Outcome);
        Assert.Contains("reason", result.Message);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user.Id));
        Assert.Empty(await Services.AuditEntriesAsync());
    }

    [Fact]
    public async Task AHugeReasonOrAmountIsRefused()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);

        var longReason = await Users.ChangeCreditsAsync(admin.Id, user.Id, 5, new string('x', AdminUsers.MaxReasonLength + 1), Guid.NewGuid());
        var hugeAmount = await Users.ChangeCreditsAsync(admin.Id, user.Id, int.MaxValue, "why not", Guid.NewGuid());
        var hugeRemoval = await Users.ChangeCreditsAsync(admin.Id, user.Id, int.MinValue, "why not", Guid.NewGuid());
        var zero = await Users.ChangeCreditsAsync(admin.Id, user.Id, 0, "nothing", Guid.NewGuid());
        var longest = await Users.ChangeCreditsAsync(admin.Id, user.Id, AdminUsers.MaxCreditChange, new string('y', AdminUsers.MaxReasonLength), Guid.NewGuid());

        Assert.Equal([AdminOutcome.Invalid, AdminOutcome.Invalid, AdminOutcome.Invalid, AdminOutcome.Invalid, AdminOutcome.Done],
            [longReason.Outcome, hugeAmount.Outcome, hugeRemoval.Outcome, zero.Outcome, longest.Outcome]);
        Assert.Equal(3 + AdminUsers.MaxCreditChange, await Ledger.GetBalanceAsync(user.Id));
    }

    [Fact]
    public async Task ConcurrentGrantsAllCountAndTheBooksBalance()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Users.ChangeCreditsAsync(admin.Id, user.Id, 2, "promo", Guid.NewGuid()))));

        Assert.All(results, r => Assert.Equal(AdminOutcome.Done, r.Outcome));
        Assert.Equal(15, await Ledger.GetBalanceAsync(user.Id));
        Assert.Equal(6, (await Services.AuditEntriesAsync()).Count);
        Assert.Empty(await Ledger.FindUnbalancedAccountsAsync());
    }

    [Fact]
    public async Task TheSameRequestSentTwiceAtOnceChangesTheBalanceOnce()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);
        var request = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Users.ChangeCreditsAsync(admin.Id, user.Id, 5, "double click", request))));
        var later = await Users.ChangeCreditsAsync(admin.Id, user.Id, 5, "double click", request);

        Assert.All(results.Append(later), r => Assert.Equal(AdminOutcome.Done, r.Outcome));
        Assert.Equal(8, await Ledger.GetBalanceAsync(user.Id));
        Assert.Single(await Services.AuditEntriesAsync());
    }

    [Fact]
    public async Task ANormalUserALockedAdminOrAMissingUserGetsNotFoundAndNothingChanges()
    {
        var admin = await Services.AddAdminAsync();
        var normal = await Services.AddUserWithCreditsAsync(3);
        var user = await Services.AddUserWithCreditsAsync(3);
        var lockedAdmin = await Services.AddAdminAsync();
        await Users.SetLockedAsync(admin.Id, lockedAdmin.Id, true, null);

        var byNormal = await Users.ChangeCreditsAsync(normal.Id, user.Id, 5, "me", Guid.NewGuid());
        var byLocked = await Users.ChangeCreditsAsync(lockedAdmin.Id, user.Id, 5, "me", Guid.NewGuid());
        var byNobody = await Users.ChangeCreditsAsync(Guid.NewGuid(), user.Id, 5, "me", Guid.NewGuid());
        var toNobody = await Users.ChangeCreditsAsync(admin.Id, Guid.NewGuid(), 5, "ghost", Guid.NewGuid());
        var lockByNormal = await Users.SetLockedAsync(normal.Id, user.Id, true, null);
        var adminByNormal = await Users.SetAdminAsync(normal.Id, user.Id, true);

        Assert.All(new[] { byNormal, byLocked, byNobody, toNobody, lockByNormal, adminByNormal }, r => Assert.Equal(AdminOutcome.NotFound, r.Outcome));
        Assert.Equal(3, await Ledger.GetBalanceAsync(user.Id));
        Assert.Equal(["user.lock"], (await Services.AuditEntriesAsync()).Select(e => e.Action));
        Assert.Null(await Get<AdminAccess>().FindAdminAsync(lockedAdmin.Id));
        Assert.Null(await Get<AdminAccess>().FindAdminAsync(normal.Id));
        Assert.NotNull(await Get<AdminAccess>().FindAdminAsync(admin.Id));
    }

    [Fact]
    public async Task AGrantToAUserWhoNeverFinishedSigningInOpensTheirAccount()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserAsync();

        var result = await Users.ChangeCreditsAsync(admin.Id, user.Id, 4, "welcome", Guid.NewGuid());

        Assert.Equal(AdminOutcome.Done, result.Outcome);
        Assert.Equal(4, await Ledger.GetBalanceAsync(user.Id));
        Assert.Empty(await Ledger.FindUnbalancedAccountsAsync());
    }

    [Fact]
    public async Task LockingEndsSignInAndChangesTheSecurityStampUnlockingRestoresIt()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);
        using var scope = Services.CreateScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>();
        var stampBefore = (await manager.FindByIdAsync(user.Id.ToString()))!.SecurityStamp;

        var locked = await Users.SetLockedAsync(admin.Id, user.Id, true, "chargeback");

        Assert.Equal(AdminOutcome.Done, locked.Outcome);
        using var afterLock = Services.CreateScope();
        var lockedManager = afterLock.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>();
        var lockedUser = (await lockedManager.FindByIdAsync(user.Id.ToString()))!;
        Assert.True(await lockedManager.IsLockedOutAsync(lockedUser));
        Assert.NotEqual(stampBefore, lockedUser.SecurityStamp);
        Assert.True((await Users.FindAsync(user.Id))!.User.IsLocked);

        var unlocked = await Users.SetLockedAsync(admin.Id, user.Id, false, null);

        Assert.Equal(AdminOutcome.Done, unlocked.Outcome);
        using var fresh = Services.CreateScope();
        var again = fresh.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>();
        Assert.False(await again.IsLockedOutAsync((await again.FindByIdAsync(user.Id.ToString()))!));
        var entries = await Services.AuditEntriesAsync();
        Assert.Equal([("user.lock", "chargeback"), ("user.unlock", null)], entries.Select(e => (e.Action, e.Reason)));
    }

    [Fact]
    public async Task ALockedUserCannotSignInByLink()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);
        await Users.SetLockedAsync(admin.Id, user.Id, true, null);
        using var scope = Services.CreateScope();
        var provisioner = ActivatorUtilities.CreateInstance<AccountProvisioner>(scope.ServiceProvider);

        var result = await provisioner.FindOrCreateAsync(user.Email!);

        Assert.Equal((null, SignInRefusal.Locked), (result.User, result.Refusal));
    }

    [Fact]
    public async Task AnAdminCannotLockThemselvesOrChangeTheirOwnRole()
    {
        var admin = await Services.AddAdminAsync();

        var lockSelf = await Users.SetLockedAsync(admin.Id, admin.Id, true, null);
        var demoteSelf = await Users.SetAdminAsync(admin.Id, admin.Id, false);

        Assert.Equal((AdminOutcome.Invalid, AdminOutcome.Invalid), (lockSelf.Outcome, demoteSelf.Outcome));
        Assert.NotNull(await Get<AdminAccess>().FindAdminAsync(admin.Id));
        Assert.Empty(await Services.AuditEntriesAsync());
    }

    [Fact]
    public async Task MakingAndRemovingAnAdminIsAuditedAndTakesEffectAtOnce()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);

        var made = await Users.SetAdminAsync(admin.Id, user.Id, true);
        var madeTwice = await Users.SetAdminAsync(admin.Id, user.Id, true);
        Assert.NotNull(await Get<AdminAccess>().FindAdminAsync(user.Id));
        var removed = await Users.SetAdminAsync(admin.Id, user.Id, false);

        Assert.Equal([AdminOutcome.Done, AdminOutcome.Done, AdminOutcome.Done], [made.Outcome, madeTwice.Outcome, removed.Outcome]);
        Assert.Null(await Get<AdminAccess>().FindAdminAsync(user.Id));
        Assert.Equal(["user.make-admin", "user.remove-admin"], (await Services.AuditEntriesAsync()).Select(e => e.Action));
    }

    [Fact]
    public async Task SearchFindsByPartOfTheEmailTreatsWildcardsAsTextAndPages()
    {
        for (var i = 0; i < 5; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await Services.AddUserWithCreditsAsync(3, $"parent{i}@school.example");
        }

        await Services.AddUserWithCreditsAsync(3, "odd_name%@else.example");

        var school = await Users.SearchAsync("SCHOOL", 0, 2);
        var all = await Users.SearchAsync(null, 0, 100);
        var percent = await Users.SearchAsync("%", 0, 100);
        var underscore = await Users.SearchAsync("_", 0, 100);
        var nothing = await Users.SearchAsync("nobody-here", 0, 100);
        var huge = await Users.SearchAsync(new string('a', 100_000), 0, 100);
        var hostile = await Users.SearchAsync("'; DROP TABLE \"AspNetUsers\"; --", -5, -5);

        Assert.Equal((5, 2), (school.Total, school.Items.Count));
        Assert.Equal(6, all.Total);
        Assert.Equal(["odd_name%@else.example"], percent.Items.Select(u => u.Email));
        Assert.Equal(["odd_name%@else.example"], underscore.Items.Select(u => u.Email));
        Assert.Equal(0, nothing.Total);
        Assert.Equal(0, huge.Total);
        Assert.Equal(0, hostile.Total);
        Assert.Equal(3, school.Items[0].Balance);
    }

    [Fact]
    public async Task RemovingTheAdminRoleOfAConfiguredAdminEmailIsRefused()
    {
        await using var services = await Database.CreateServicesAsync(Clock, s => s.Configure<AuthOptions>(o => o.AdminEmails = ["boss@example.com"]));
        var admin = await services.AddAdminAsync();
        var boss = await services.AddAdminAsync("boss@example.com");

        var result = await services.GetRequiredService<AdminUsers>().SetAdminAsync(admin.Id, boss.Id, false);

        Assert.Equal(AdminOutcome.Invalid, result.Outcome);
        Assert.Contains("Auth:AdminEmails", result.Message);
        Assert.NotNull(await services.GetRequiredService<AdminAccess>().FindAdminAsync(boss.Id));
    }
}
