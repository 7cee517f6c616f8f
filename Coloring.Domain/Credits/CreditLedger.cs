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

/// <summary>
/// One change to a user's credits as the ledger records it: <paramref name="Delta"/> credits (negative takes them) for
/// <paramref name="Reason"/>, once per <paramref name="IdempotencyKey"/> (see <see cref="CreditKeys"/>).
/// </summary>
/// <param name="Actor">Who caused it: <see cref="CreditLedger.SystemActor"/>, the acting admin's id, or "stripe".</param>
/// <param name="JobId">The job a page charge or refund is for.</param>
/// <param name="Note">A free-text note, such as an admin's reason.</param>
public sealed record LedgerEntry(Guid UserId, int Delta, CreditReason Reason, string IdempotencyKey, string Actor = CreditLedger.SystemActor, Guid? JobId = null, string? Note = null);

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

    /// <summary>What one coloring page costs.</summary>
    public const int PageCost = 1;

    public const string SystemActor = "system";

    /// <summary>Creates the user's account (balance 0) if missing and grants the sign-up credits exactly once.</summary>
    public async Task<LedgerResult> OpenAccountAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            try
            {
                await EnsureAccountAsync(db, userId, cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Opened at the same moment by another request: the account exists, which is all we need.
            }
        }

        return await GrantAsync(userId, SignupCredits, CreditReason.SignupGrant, CreditKeys.Signup(userId), SystemActor, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Charges <see cref="PageCost"/> for the page of <paramref name="jobId"/> inside the caller's transaction, so the
    /// job and its charge commit together. The caller publishes the balance after committing.
    /// </summary>
    public Task<LedgerResult> ChargeForPageAsync(ColoringDbContext db, Guid userId, Guid jobId, CancellationToken cancellationToken = default) =>
        ChangeInTransactionAsync(db, new LedgerEntry(userId, -PageCost, CreditReason.JobDebit, CreditKeys.PageCharge(jobId), JobId: jobId), cancellationToken);

    /// <summary>
    /// Gives back the page's credit inside the caller's transaction: a job canceled (by its owner or an admin), deleted
    /// while queued, or failed. Once per job whichever of them comes first. The caller publishes the balance after committing.
    /// </summary>
    public Task<LedgerResult> RefundForPageAsync(ColoringDbContext db, Guid userId, Guid jobId, CancellationToken cancellationToken = default) =>
        ChangeInTransactionAsync(db, new LedgerEntry(userId, PageCost, CreditReason.JobRefund, CreditKeys.PageRefund(jobId), JobId: jobId), cancellationToken);

    /// <summary>
    /// An admin's change of <paramref name="userId"/>'s credits (negative removes, never below zero) inside the caller's
    /// transaction, with the admin's reason as its note. A user who never finished a first sign-in has no account yet:
    /// it starts at zero and this change is its first event.
    /// </summary>
    public async Task<LedgerResult> ChangeByAdminAsync(ColoringDbContext db, Guid userId, int amount, Guid adminId, Guid requestId, string reason, CancellationToken cancellationToken = default)
    {
        await EnsureAccountAsync(db, userId, cancellationToken);
        return await ChangeInTransactionAsync(db, new LedgerEntry(userId, amount, CreditReason.AdminGrant, CreditKeys.AdminChange(requestId), adminId.ToString(), Note: reason), cancellationToken);
    }

    /// <summary>Whether a change with <paramref name="idempotencyKey"/> was recorded (by a concurrent call that won the key, say).</summary>
    public bool IsRecorded(string idempotencyKey)
    {
        using var db = dbFactory.CreateDbContext();
        return db.CreditEvents.Any(e => e.IdempotencyKey == idempotencyKey);
    }

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

        return ChangeAsync(new LedgerEntry(userId, amount, reason, idempotencyKey, actor, Note: note), cancellationToken);
    }

    /// <summary>
    /// Runs <see cref="ChangeAsync"/>'s steps inside a transaction the caller already opened, for changes that must
    /// commit together with other rows (a purchase and its payment's status, say).
    /// </summary>
    public async Task<LedgerResult> ChangeInTransactionAsync(ColoringDbContext db, LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        var (userId, delta) = (entry.UserId, entry.Delta);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.IdempotencyKey);
        if (await db.CreditEvents.AnyAsync(e => e.IdempotencyKey == entry.IdempotencyKey, cancellationToken))
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
            Reason = entry.Reason,
            JobId = entry.JobId,
            Actor = entry.Actor,
            Note = entry.Note,
            IdempotencyKey = entry.IdempotencyKey,
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
    /// Takes back up to -<see cref="LedgerEntry.Delta"/> credits of <paramref name="upTo"/> inside the caller's
    /// transaction, never below zero, and returns how many were taken (0 when the key was used before or nothing is
    /// left). Each try is conditional on the balance it read, so a spend at the same moment makes it read again rather
    /// than overdraw.
    /// </summary>
    public async Task<int> TakeBackInTransactionAsync(ColoringDbContext db, LedgerEntry upTo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(upTo.IdempotencyKey);
        var (userId, atMost) = (upTo.UserId, -upTo.Delta);
        if (atMost <= 0 || await db.CreditEvents.AnyAsync(e => e.IdempotencyKey == upTo.IdempotencyKey, cancellationToken))
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
                Reason = upTo.Reason,
                Actor = upTo.Actor,
                Note = upTo.Note,
                IdempotencyKey = upTo.IdempotencyKey,
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

    /// <summary>
    /// Calls <paramref name="onBalance"/> with <paramref name="userId"/>'s balance as it is once subscribed, and again
    /// each time it changes, on any instance, until disposed (see <see cref="LiveUpdatesExtensions.Watch"/>).
    /// </summary>
    public IDisposable WatchBalance(Guid userId, Func<int, Task> onBalance) =>
        live.Watch(LiveTopics.Balance(userId), async message => await onBalance(
            int.TryParse(message, NumberStyles.Integer, CultureInfo.InvariantCulture, out var balance) ? balance : await GetBalanceAsync(userId)), logger);

    /// <summary>Tells open pages of the user that the balance changed.</summary>
    public async Task PublishBalanceAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var balance = await GetBalanceAsync(userId, cancellationToken);
        await live.PublishAsync(LiveTopics.Balance(userId), balance.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<LedgerResult> ChangeAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.IdempotencyKey);
        LedgerResult result;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                result = await ChangeInTransactionAsync(db, entry, cancellationToken);
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
                if (!await KeyExistsAsync(entry.IdempotencyKey, cancellationToken))
                {
                    throw;
                }

                result = LedgerResult.AlreadyApplied;
            }
        }

        if (result == LedgerResult.Applied)
        {
            logger.LogInformation("Ledger {Reason} {Delta:+#;-#;0} for {UserId} ({Key})", entry.Reason, entry.Delta, entry.UserId, entry.IdempotencyKey);
            await PublishBalanceAsync(entry.UserId, cancellationToken);
        }

        return result;
    }

    private async Task<bool> KeyExistsAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CreditEvents.AnyAsync(e => e.IdempotencyKey == idempotencyKey, cancellationToken);
    }

    private async Task EnsureAccountAsync(ColoringDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        if (!await db.CreditAccounts.AnyAsync(a => a.UserId == userId, cancellationToken))
        {
            db.CreditAccounts.Add(new CreditAccount { UserId = userId, Balance = 0, UpdatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
