using System.Globalization;
using Coloring.Domain.Data;
using Coloring.Domain.Realtime;
using Coloring.Domain.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Credits;

/// <summary>The outcome of a ledger change.</summary>
public enum LedgerResult
{
    /// <summary>The change was made now.</summary>
    Applied,

    /// <summary>An event with the same idempotency key exists; nothing changed.</summary>
    AlreadyApplied,

    /// <summary>The balance is too low for the debit; nothing changed.</summary>
    InsufficientCredits,

    /// <summary>The user has no credit account.</summary>
    NoAccount,
}

/// <summary>A user's balance and one slice of their ledger, newest first.</summary>
public sealed record CreditHistory(int Balance, int Total, IReadOnlyList<CreditEvent> Events);

/// <summary>
/// The only way credits change. Every change is an append-only event with a unique key plus one
/// conditional UPDATE of the balance, in one transaction: never read-then-write, so concurrent
/// spends cannot overdraw and replays cannot double-count.
/// </summary>
public sealed class CreditLedger(
    IDbContextFactory<ColoringDbContext> dbFactory,
    TimeProvider clock,
    ILiveUpdates live,
    ILogger<CreditLedger> logger)
{
    /// <summary>Credits every new account starts with.</summary>
    public const int SignupCredits = 3;

    public const string SystemActor = "system";

    /// <summary>Creates the user's account (balance 0) if missing and grants the sign-up credits exactly once.</summary>
    public async Task<LedgerResult> OpenAccountAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.CreditAccounts.AnyAsync(a => a.UserId == userId, cancellationToken))
            {
                db.CreditAccounts.Add(new CreditAccount { UserId = userId, Balance = 0, UpdatedAt = clock.GetUtcNow() });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // Opened at the same moment by another request: the account exists, which is all we need.
                }
            }
        }

        return await GrantAsync(userId, SignupCredits, CreditReason.SignupGrant, $"signup:{userId:N}", SystemActor, cancellationToken: cancellationToken);
    }

    /// <summary>Takes <paramref name="amount"/> credits for a job. Idempotent by <paramref name="idempotencyKey"/>.</summary>
    public Task<LedgerResult> SpendAsync(Guid userId, int amount, Guid jobId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, -Positive(amount), CreditReason.JobDebit, idempotencyKey, SystemActor, jobId, null, cancellationToken);

    /// <summary>Gives back credits for a failed or canceled job. Idempotent by <paramref name="idempotencyKey"/>.</summary>
    public Task<LedgerResult> RefundAsync(Guid userId, int amount, Guid jobId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, Positive(amount), CreditReason.JobRefund, idempotencyKey, SystemActor, jobId, null, cancellationToken);

    /// <summary>
    /// Adds (or, with a negative amount, removes) credits for a reason other than a job.
    /// A removal never takes the balance below zero.
    /// </summary>
    public Task<LedgerResult> GrantAsync(Guid userId, int amount, CreditReason reason, string idempotencyKey, string actor, string? note = null, CancellationToken cancellationToken = default)
    {
        if (amount == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "A grant must change the balance.");
        }

        return ChangeAsync(userId, amount, reason, idempotencyKey, actor, null, note, cancellationToken);
    }

    /// <summary>Runs <see cref="ChangeAsync"/>'s steps inside a transaction the caller already opened, for changes that must commit together with other rows (a job and its debit).</summary>
    public async Task<LedgerResult> ChangeInTransactionAsync(ColoringDbContext db, Guid userId, int delta, CreditReason reason, string idempotencyKey, string actor, Guid? jobId, string? note, CancellationToken cancellationToken)
    {
        if (await db.CreditEvents.AnyAsync(e => e.IdempotencyKey == idempotencyKey, cancellationToken))
        {
            return LedgerResult.AlreadyApplied;
        }

        var now = clock.GetUtcNow();
        var accounts = db.CreditAccounts.Where(a => a.UserId == userId);
        if (delta < 0)
        {
            accounts = accounts.Where(a => a.Balance >= -delta);
        }

        var updated = await accounts.ExecuteUpdateAsync(
            set => set.SetProperty(a => a.Balance, a => a.Balance + delta).SetProperty(a => a.UpdatedAt, now),
            cancellationToken);
        if (updated == 0)
        {
            return await db.CreditAccounts.AnyAsync(a => a.UserId == userId, cancellationToken)
                ? LedgerResult.InsufficientCredits
                : LedgerResult.NoAccount;
        }

        await RecordAsync(db, new CreditEvent
        {
            UserId = userId,
            Delta = delta,
            Reason = reason,
            JobId = jobId,
            Actor = actor,
            Note = note,
            IdempotencyKey = idempotencyKey,
            CreatedAt = now,
        }, cancellationToken);
        return LedgerResult.Applied;
    }

    // Every applied change ends here: the event row beside the balance update, and the change counted once.
    private static async Task RecordAsync(ColoringDbContext db, CreditEvent change, CancellationToken cancellationToken)
    {
        db.CreditEvents.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        ColoringMetrics.CreditsChanged(change.Reason, change.Delta);
    }

    /// <summary>
    /// Takes back up to <paramref name="atMost"/> credits inside the caller's transaction, never below zero, and
    /// returns how many were taken (0 when the key was used before or nothing is left). Each try is conditional on the
    /// balance it read, so a spend at the same moment makes it read again rather than overdraw.
    /// </summary>
    public async Task<int> TakeBackInTransactionAsync(ColoringDbContext db, Guid userId, int atMost, CreditReason reason, string idempotencyKey, string actor, string? note, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        if (atMost <= 0 || await db.CreditEvents.AnyAsync(e => e.IdempotencyKey == idempotencyKey, cancellationToken))
        {
            return 0;
        }

        while (true)
        {
            var balance = await db.CreditAccounts.Where(a => a.UserId == userId).Select(a => (int?)a.Balance).FirstOrDefaultAsync(cancellationToken);
            var take = Math.Min(balance ?? 0, atMost);
            if (take == 0)
            {
                return 0;
            }

            var now = clock.GetUtcNow();
            var updated = await db.CreditAccounts.Where(a => a.UserId == userId && a.Balance == balance)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, a => a.Balance - take).SetProperty(a => a.UpdatedAt, now), cancellationToken);
            if (updated == 0)
            {
                continue;
            }

            await RecordAsync(db, new CreditEvent
            {
                UserId = userId,
                Delta = -take,
                Reason = reason,
                Actor = actor,
                Note = note,
                IdempotencyKey = idempotencyKey,
                CreatedAt = now,
            }, cancellationToken);
            return take;
        }
    }

    /// <summary>The user's balance, or 0 without an account.</summary>
    public async Task<int> GetBalanceAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CreditAccounts.Where(a => a.UserId == userId).Select(a => a.Balance).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>One page of the user's ledger, newest first.</summary>
    public async Task<CreditHistory> GetHistoryAsync(Guid userId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lines = await db.CreditEvents.AsNoTracking().Where(e => e.UserId == userId)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).SliceAsync(new Paging(page, pageSize), cancellationToken);
        var balance = await db.CreditAccounts.Where(a => a.UserId == userId).Select(a => a.Balance).FirstOrDefaultAsync(cancellationToken);
        return new CreditHistory(balance, lines.Total, lines.Items);
    }

    /// <summary>Users whose balance differs from the sum of their events; empty when the books are right.</summary>
    public async Task<IReadOnlyList<Guid>> FindUnbalancedAccountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CreditAccounts
            .Where(a => a.Balance != db.CreditEvents.Where(e => e.UserId == a.UserId).Sum(e => e.Delta))
            .Select(a => a.UserId)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Tells open pages of the user that the balance changed.</summary>
    /// <summary>
    /// Calls <paramref name="onBalance"/> with <paramref name="userId"/>'s balance as it is once subscribed, and again
    /// each time it changes, on any instance, until disposed (see <see cref="LiveUpdatesExtensions.Watch"/>).
    /// </summary>
    public IDisposable WatchBalance(Guid userId, Func<int, Task> onBalance) =>
        live.Watch(LiveTopics.Balance(userId), async message => await onBalance(
            int.TryParse(message, NumberStyles.Integer, CultureInfo.InvariantCulture, out var balance) ? balance : await GetBalanceAsync(userId)), logger);

    public async Task PublishBalanceAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var balance = await GetBalanceAsync(userId, cancellationToken);
        await live.PublishAsync(LiveTopics.Balance(userId), balance.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<LedgerResult> ChangeAsync(Guid userId, int delta, CreditReason reason, string idempotencyKey, string actor, Guid? jobId, string? note, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        LedgerResult result;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                result = await ChangeInTransactionAsync(db, userId, delta, reason, idempotencyKey, actor, jobId, note, cancellationToken);
                if (result == LedgerResult.Applied)
                {
                    await transaction.CommitAsync(cancellationToken);
                }
                else
                {
                    await transaction.RollbackAsync(cancellationToken);
                }
            }
            catch (DbUpdateException)
            {
                // A concurrent call with the same key won the unique index; ours rolled back whole.
                if (!await KeyExistsAsync(idempotencyKey, cancellationToken))
                {
                    throw;
                }

                result = LedgerResult.AlreadyApplied;
            }
        }

        if (result == LedgerResult.Applied)
        {
            logger.LogInformation("Ledger {Reason} {Delta:+#;-#;0} for {UserId} ({Key})", reason, delta, userId, idempotencyKey);
            await PublishBalanceAsync(userId, cancellationToken);
        }

        return result;
    }

    private async Task<bool> KeyExistsAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CreditEvents.AnyAsync(e => e.IdempotencyKey == idempotencyKey, cancellationToken);
    }

    private static int Positive(int amount) =>
        amount > 0 ? amount : throw new ArgumentOutOfRangeException(nameof(amount), "The amount must be positive.");
}
