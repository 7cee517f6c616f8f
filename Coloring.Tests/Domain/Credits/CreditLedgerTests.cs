using System.Threading.Channels;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Realtime;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Tests.Domain.Credits;

public sealed class CreditLedgerOnSqliteTests() : CreditLedgerTests(DatabaseProvider.Sqlite);

public sealed class CreditLedgerOnPostgresTests() : CreditLedgerTests(DatabaseProvider.Postgres);

public abstract class CreditLedgerTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private CreditLedger Ledger => Get<CreditLedger>();

    [Fact]
    public async Task OpeningAnAccountGrantsThreeCreditsExactlyOnce()
    {
        var user = await Services.AddUserAsync();

        var first = await Ledger.OpenAccountAsync(user.Id);
        var second = await Ledger.OpenAccountAsync(user.Id);

        Assert.Equal(LedgerResult.Applied, first);
        Assert.Equal(LedgerResult.AlreadyApplied, second);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user.Id));
        var history = await Ledger.GetHistoryAsync(user.Id, 0, 10);
        var grant = Assert.Single(history.Events);
        Assert.Equal(CreditReason.SignupGrant, grant.Reason);
        Assert.Equal(3, grant.Delta);
    }

    [Fact]
    public async Task OpeningTheSameAccountTenTimesAtOnceStillGrantsThreeCredits()
    {
        var user = await Services.AddUserAsync();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Ledger.OpenAccountAsync(user.Id))));

        Assert.Equal(3, await Ledger.GetBalanceAsync(user.Id));
        Assert.Equal(1, (await Ledger.GetHistoryAsync(user.Id, 0, 10)).Total);
    }

    [Fact]
    public async Task FiftyConcurrentSpendsAgainstABalanceOfThreeLeaveExactlyThreeDebitsAndZero()
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Services.ChargeForPageAsync(user.Id))));

        Assert.Equal(3, results.Count(r => r == LedgerResult.Applied));
        Assert.Equal(47, results.Count(r => r == LedgerResult.InsufficientCredits));
        Assert.Equal(0, await Ledger.GetBalanceAsync(user.Id));
        var history = await Ledger.GetHistoryAsync(user.Id, 0, 100);
        Assert.Equal(3, history.Events.Count(e => e.Reason == CreditReason.JobDebit));
        Assert.Empty(await Ledger.FindUnbalancedAccountsAsync());
    }

    [Fact]
    public async Task TwentyConcurrentRemovalsWithOneKeyTakeOneCredit()
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Ledger.GrantAsync(user.Id, -1, CreditReason.AdminGrant, "one-request", "admin", "twice"))));

        Assert.Equal(1, results.Count(r => r == LedgerResult.Applied));
        Assert.All(results.Where(r => r != LedgerResult.Applied), r => Assert.Equal(LedgerResult.AlreadyApplied, r));
        Assert.Equal(2, await Ledger.GetBalanceAsync(user.Id));
        Assert.Empty(await Ledger.FindUnbalancedAccountsAsync());
    }

    [Fact]
    public async Task AReplayedRefundForAPageChangesNothing()
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);
        var jobId = Guid.NewGuid();
        await Services.ChargeForPageAsync(user.Id, jobId);

        var first = await RefundForPageAsync(user.Id, jobId);
        var replay = await RefundForPageAsync(user.Id, jobId);

        Assert.Equal(LedgerResult.Applied, first);
        Assert.Equal(LedgerResult.AlreadyApplied, replay);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user.Id));
        Assert.Equal(3, (await Ledger.GetHistoryAsync(user.Id, 0, 10)).Total);
    }

    [Fact]
    public async Task SpendingFailsWhenTheBalanceIsZeroAndWritesNothing()
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);
        await Ledger.GrantAsync(user.Id, -3, CreditReason.AdminGrant, "remove-all", "admin", "test");

        var jobId = Guid.NewGuid();
        var result = await Services.ChargeForPageAsync(user.Id, jobId);

        Assert.Equal(LedgerResult.InsufficientCredits, result);
        Assert.Equal(0, await Ledger.GetBalanceAsync(user.Id));
        Assert.DoesNotContain((await Ledger.GetHistoryAsync(user.Id, 0, 10)).Events, e => e.JobId == jobId);
    }

    [Fact]
    public async Task RemovingMoreCreditsThanTheBalanceIsRefused()
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);

        var result = await Ledger.GrantAsync(user.Id, -4, CreditReason.AdminGrant, "remove-four", "admin", "test");

        Assert.Equal(LedgerResult.InsufficientCredits, result);
        Assert.Equal(3, await Ledger.GetBalanceAsync(user.Id));
    }

    [Fact]
    public async Task SpendingFromAUserWithoutAnAccountSaysSo()
    {
        var result = await Services.ChargeForPageAsync(Guid.NewGuid());

        Assert.Equal(LedgerResult.NoAccount, result);
    }

    [Fact]
    public async Task AGrantOfNothingIsAProgrammingError()
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Ledger.GrantAsync(user.Id, 0, CreditReason.AdminGrant, "nothing", "admin"));
        Assert.Equal(3, await Ledger.GetBalanceAsync(user.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AChangeWithoutAKeyIsAProgrammingError(string key)
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);

        await Assert.ThrowsAsync<ArgumentException>(() => Ledger.GrantAsync(user.Id, 1, CreditReason.AdminGrant, key, "admin"));
        Assert.Equal(3, await Ledger.GetBalanceAsync(user.Id));
    }

    [Fact]
    public async Task TheDatabaseItselfRefusesANegativeBalance()
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();

        // Bypass the ledger: the CHECK constraint is the last line of defence.
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.CreditAccounts.Where(a => a.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, -1)));
        Assert.Equal(3, await Ledger.GetBalanceAsync(user.Id));
    }

    [Fact]
    public async Task ReconciliationFindsABalanceThatDisagreesWithItsEvents()
    {
        var honest = await Services.AddUserAsync();
        var tampered = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(honest.Id);
        await Ledger.OpenAccountAsync(tampered.Id);
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        await db.CreditAccounts.Where(a => a.UserId == tampered.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, 99));

        var unbalanced = await Ledger.FindUnbalancedAccountsAsync();

        Assert.Equal([tampered.Id], unbalanced);
    }

    [Fact]
    public async Task HistoryIsPagedNewestFirst()
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await Services.ChargeForPageAsync(user.Id);
        }

        var first = await Ledger.GetHistoryAsync(user.Id, 0, 2);
        var second = await Ledger.GetHistoryAsync(user.Id, 1, 2);

        Assert.Equal(4, first.Total);
        Assert.Equal(0, first.Balance);
        Assert.Equal([CreditReason.JobDebit, CreditReason.JobDebit], first.Events.Select(e => e.Reason));
        Assert.Equal([CreditReason.JobDebit, CreditReason.SignupGrant], second.Events.Select(e => e.Reason));
        Assert.True(first.Events[0].CreatedAt > first.Events[1].CreatedAt);
    }

    [Fact]
    public async Task AnotherUsersHistoryIsNeverIncluded()
    {
        var ann = await Services.AddUserAsync();
        var bob = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(ann.Id);
        await Ledger.OpenAccountAsync(bob.Id);

        var history = await Ledger.GetHistoryAsync(ann.Id, 0, 100);

        Assert.All(history.Events, e => Assert.Equal(ann.Id, e.UserId));
        Assert.Equal(1, history.Total);
    }

    [Fact]
    public async Task AChangeIsAnnouncedToTheUsersOpenPages()
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);
        var heard = new List<string>();
        using var subscription = Get<ILiveUpdates>().Subscribe(LiveTopics.Balance(user.Id), m =>
        {
            heard.Add(m);
            return Task.CompletedTask;
        });

        await Services.ChargeForPageAsync(user.Id);

        Assert.Equal(["2"], heard);
    }

    [Fact]
    public async Task AWatchingPageGetsTheBalanceAsItIsThenEachChangeSoAChangeJustBeforeItWatchedIsNotMissed()
    {
        var user = await Services.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);
        // Made after the page read its balance (3) and before it watched: the message reached no one.
        await Services.ChargeForPageAsync(user.Id);
        var heard = Channel.CreateUnbounded<int>();

        using var watch = Ledger.WatchBalance(user.Id, balance => heard.Writer.WriteAsync(balance).AsTask());

        Assert.Equal(2, await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        await Ledger.GrantAsync(user.Id, 3, CreditReason.AdminGrant, "top-up", "admin", "test");
        Assert.Equal(5, await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        watch.Dispose();
        await Ledger.GrantAsync(user.Id, 1, CreditReason.AdminGrant, "after", "admin", "test");
        Assert.False(heard.Reader.TryRead(out _));
    }

    private async Task<LedgerResult> RefundForPageAsync(Guid userId, Guid jobId)
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await Ledger.RefundForPageAsync(db, userId, jobId);
        await transaction.CommitAsync();
        return result;
    }
}
