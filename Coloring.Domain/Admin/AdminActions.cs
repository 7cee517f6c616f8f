using Coloring.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Admin;

/// <summary>What an admin action changed, as the audit log keeps it.</summary>
/// <param name="Action">A dotted verb from <see cref="AuditLog.Actions"/>, such as <c>credits.grant</c>.</param>
/// <param name="TargetUserId">The user the action was about, when there is one.</param>
/// <param name="Target">What was acted on, such as "job 3f2c…" or "flag generation_enabled".</param>
/// <param name="Reason">The admin's reason, when they gave one.</param>
/// <param name="Details">A short description of the change ("balance 3 → 8").</param>
public sealed record AuditNote(string Action, Guid? TargetUserId = null, string? Target = null, string? Reason = null, string? Details = null);

/// <summary>The admin and the open transaction an admin action makes its change in.</summary>
/// <param name="Db">The context whose transaction holds the change and its audit entry.</param>
/// <param name="Actor">The admin, checked inside this transaction.</param>
/// <param name="Now">The moment of the action.</param>
public sealed record AdminScope(ColoringDbContext Db, AdminActor Actor, DateTimeOffset Now);

/// <summary>
/// What an admin action's change answers <see cref="AdminActions"/>: either it made a change (with the audit note
/// the runner writes, and what to do once it is committed), or it stopped with a result and nothing is kept.
/// </summary>
public sealed class AdminChange
{
    private AdminChange(AdminResult result, AuditNote? audit, Func<CancellationToken, Task>? afterCommit)
    {
        Result = result;
        Audit = audit;
        AfterCommit = afterCommit;
    }

    public AdminResult Result { get; }

    /// <summary>The audit entry to write with the change; null when nothing changed.</summary>
    public AuditNote? Audit { get; }

    /// <summary>Runs once the change is committed (telling open pages, scheduling a job); never before.</summary>
    public Func<CancellationToken, Task>? AfterCommit { get; }

    /// <summary>The change is made: write <paramref name="audit"/> with it, commit, then run <paramref name="afterCommit"/>.</summary>
    public static AdminChange Made(AuditNote audit, string? message = null, Func<CancellationToken, Task>? afterCommit = null) =>
        new(AdminResult.Done(message), audit, afterCommit);

    /// <summary>Nothing is changed (refused, not found, or already so): the transaction is rolled back and <paramref name="result"/> returned.</summary>
    public static AdminChange Stop(AdminResult result) => new(result, null, null);

    public static implicit operator AdminChange(AdminResult result) => Stop(result);
}

/// <summary>
/// The one way an admin action runs. It opens the transaction, checks again inside it that the actor is an admin
/// right now (a page rendered before the role was removed cannot act; a stranger gets <see cref="AdminOutcome.NotFound"/>),
/// runs the change, writes its audit entry in the same transaction, commits, and turns a write that lost a race
/// (<see cref="DbUpdateException"/>) into <see cref="AdminOutcome.Conflict"/> with nothing kept.
/// </summary>
public sealed class AdminActions(IDbContextFactory<ColoringDbContext> dbFactory, TimeProvider clock, ILogger<AdminActions> logger)
{
    /// <summary>The answer when a change lost a race with another and the action does not say better.</summary>
    public const string ChangedMeanwhile = "Someone changed this at the same moment. Look again and retry.";

    /// <summary>
    /// Runs <paramref name="change"/> for <paramref name="actorId"/> in one transaction with its audit entry.
    /// <paramref name="onConflict"/> answers a lost race (after the rollback); by default a conflict saying so.
    /// </summary>
    public async Task<AdminResult> RunAsync(
        Guid actorId,
        Func<AdminScope, CancellationToken, Task<AdminChange>> change,
        Func<CancellationToken, Task<AdminResult>>? onConflict = null,
        CancellationToken cancellationToken = default)
    {
        AdminChange outcome;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var actor = await AdminAccess.FindAdminAsync(db, actorId, clock, cancellationToken);
            if (actor is null)
            {
                return AdminResult.NotFound();
            }

            var now = clock.GetUtcNow();
            outcome = await change(new AdminScope(db, actor, now), cancellationToken);
            if (outcome.Audit is null)
            {
                return outcome.Result;
            }

            AuditLog.Add(db, actor, outcome.Audit, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            logger.LogInformation(ex, "An admin action by {ActorId} lost a race and changed nothing", actorId);
            return onConflict is null ? AdminResult.Conflict(ChangedMeanwhile) : await onConflict(cancellationToken);
        }

        return await FinishAsync(actorId, outcome, cancellationToken);
    }

    /// <summary>
    /// For work that cannot sit inside one database transaction (a cleanup pass of many small steps, a call to
    /// Stripe): the actor is checked, <paramref name="work"/> runs, and its audit entry is written as soon as it
    /// ends, whatever the outcome it reports.
    /// </summary>
    public async Task<AdminResult> RunOutsideTransactionAsync(
        Guid actorId,
        Func<AdminActor, CancellationToken, Task<AdminChange>> work,
        CancellationToken cancellationToken = default)
    {
        AdminActor? actor;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            actor = await AdminAccess.FindAdminAsync(db, actorId, clock, cancellationToken);
        }

        if (actor is null)
        {
            return AdminResult.NotFound();
        }

        var outcome = await work(actor, cancellationToken);
        if (outcome.Audit is null)
        {
            return outcome.Result;
        }

        // The work is done and cannot be undone: its record is written even if the caller has gone.
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            AuditLog.Add(db, actor, outcome.Audit, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return await FinishAsync(actorId, outcome, cancellationToken);
    }

    private async Task<AdminResult> FinishAsync(Guid actorId, AdminChange outcome, CancellationToken cancellationToken)
    {
        logger.LogInformation("Admin {ActorId} did {Action} on {Target}", actorId, outcome.Audit!.Action, outcome.Audit.Target);
        if (outcome.AfterCommit is not null)
        {
            await outcome.AfterCommit(cancellationToken);
        }

        return outcome.Result;
    }
}
