using Coloring.Domain.Accounts;
using Coloring.Domain.Admin;
using Coloring.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Storage;

/// <summary>
/// What asking for a cleanup pass did: <see cref="Run"/> is the pass it ran (succeeded or failed), or, when
/// <see cref="AlreadyRunning"/>, the pass another request or instance is running, and nothing was done.
/// </summary>
public sealed record CleanupAttempt(CleanupRun Run, bool AlreadyRunning);

/// <summary>The cleanup as the Storage page shows it.</summary>
/// <param name="LastGood">The last pass that succeeded, or null when none has (yet, or within <see cref="Cleanup.KeepFor"/>).</param>
/// <param name="Recent">The last passes, newest first, whatever their outcome (a running one included).</param>
public sealed record CleanupHistory(CleanupRun? LastGood, IReadOnlyList<CleanupRun> Recent);

/// <summary>
/// The hourly tidy-up: expired files, orphaned files, used and expired sign-in links. Every pass is recorded
/// in <c>cleanup_runs</c>, whichever instance runs it, and only one pass runs at a time across all instances:
/// its row, inserted as <see cref="CleanupStatus.Running"/>, is a lease that a unique index lets only one hold.
/// </summary>
public sealed class Cleanup(IDbContextFactory<ColoringDbContext> dbFactory, AssetStore assets, SignInLinks links, TimeProvider clock, ILogger<Cleanup> logger)
{
    /// <summary>
    /// How long finished passes are kept: as long as the longest-kept files (pages, 90 days), so whatever the
    /// cleanup deleted can be traced back to its pass. Hourly passes make about 2,200 small rows.
    /// </summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(90);

    /// <summary>
    /// How long a running pass holds its lease before it is taken to be lost (its machine stopped). The pass
    /// renews it after each step; a step that outlived it could overlap a new pass, which is still safe (every
    /// step tolerates another doing the same work) but only wasteful.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    /// <summary>How many passes the Storage page lists.</summary>
    public const int HistoryLength = 10;

    internal const string LostReason = "Did not finish: its machine stopped or lost touch with the database.";

    /// <summary>
    /// Runs a pass, unless one is already running anywhere, and records it. <paramref name="startedBy"/> is the
    /// admin who asked, or null for the schedule. A pass that fails is recorded as failed and returned, not thrown;
    /// only cancellation (the server stopping) is thrown, after the pass is recorded as failed.
    /// </summary>
    public async Task<CleanupAttempt> RunAsync(AdminActor? startedBy = null, CancellationToken cancellationToken = default)
    {
        var claim = await ClaimAsync(startedBy, cancellationToken);
        if (claim.AlreadyRunning)
        {
            logger.LogInformation("Cleanup skipped: a pass started at {StartedAt} on {Machine} is still running", claim.Run.StartedAt, claim.Run.Machine);
            return claim;
        }

        var run = claim.Run;
        var step = "deleting expired and orphaned files";
        try
        {
            (run.ExpiredAssets, run.OrphanFiles) = await assets.SweepAsync(cancellationToken);
            await RenewAsync(run, cancellationToken);
            step = "deleting old sign-in links";
            run.ExpiredSignInLinks = await links.DeleteExpiredAsync(cancellationToken);
            step = "recording the pass";
            await FinishAsync(run, CleanupStatus.Succeeded, null, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FinishAsync(run, CleanupStatus.Failed, $"Stopped while {step}: the server was shutting down.", CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Cleanup failed while {Step}", step);
            await FinishAsync(run, CleanupStatus.Failed, Reason(step, ex), CancellationToken.None);
            return new CleanupAttempt(run, AlreadyRunning: false);
        }

        logger.LogInformation("Cleanup deleted {Expired} expired files, {Orphans} orphaned files and {Tokens} old sign-in links", run.ExpiredAssets, run.OrphanFiles, run.ExpiredSignInLinks);
        return new CleanupAttempt(run, AlreadyRunning: false);
    }

    /// <summary>The last good pass and the last <paramref name="count"/> passes, newest first.</summary>
    public async Task<CleanupHistory> GetHistoryAsync(int count = HistoryLength, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recent = await db.CleanupRuns.AsNoTracking()
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
            .Take(Math.Clamp(count, 1, 100))
            .ToListAsync(cancellationToken);
        var lastGood = recent.FirstOrDefault(r => r.Status == CleanupStatus.Succeeded)
            ?? await db.CleanupRuns.AsNoTracking()
                .Where(r => r.Status == CleanupStatus.Succeeded)
                .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
                .FirstOrDefaultAsync(cancellationToken);
        return new CleanupHistory(lastGood, recent);
    }

    /// <summary>
    /// Takes the lease by inserting this pass's row as running; the unique index refuses a second running row,
    /// on this instance or any other. A lease whose holder stopped renewing it is first marked failed.
    /// </summary>
    internal async Task<CleanupAttempt> ClaimAsync(AdminActor? startedBy, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var lost = await db.CleanupRuns
                .Where(r => r.Status == CleanupStatus.Running && r.LeaseUntil <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, CleanupStatus.Failed).SetProperty(r => r.Error, LostReason), cancellationToken);
            if (lost > 0)
            {
                logger.LogWarning("A cleanup pass that stopped renewing its lease is marked failed");
            }

            var run = new CleanupRun
            {
                Id = Guid.CreateVersion7(now),
                Status = CleanupStatus.Running,
                StartedAt = now,
                LeaseUntil = now + Lease,
                Machine = MachineName,
                StartedById = startedBy?.Id,
                StartedByEmail = startedBy?.Email,
            };
            db.CleanupRuns.Add(run);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new CleanupAttempt(run, AlreadyRunning: false);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another pass holds the lease; if it ended in the meantime, try again.
                db.ChangeTracker.Clear();
                if (await db.CleanupRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Status == CleanupStatus.Running, cancellationToken) is { } running)
                {
                    return new CleanupAttempt(running, AlreadyRunning: true);
                }
            }
        }
    }

    private static string MachineName => Environment.MachineName is { Length: > 0 and <= 128 } name ? name : "unknown";

    private async Task RenewAsync(CleanupRun run, CancellationToken cancellationToken)
    {
        var leaseUntil = clock.GetUtcNow() + Lease;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.CleanupRuns.Where(r => r.Id == run.Id && r.Status == CleanupStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, leaseUntil), cancellationToken);
        run.LeaseUntil = leaseUntil;
    }

    /// <summary>Records how the pass ended, with what it deleted so far; a pass that succeeded also prunes old passes.</summary>
    private async Task FinishAsync(CleanupRun run, CleanupStatus status, string? error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        run.Status = status;
        run.FinishedAt = now;
        run.Error = error;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            // Whole row by id: if another instance took our lease for lost meanwhile, the pass did finish after all.
            await db.CleanupRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Error, error)
                .SetProperty(r => r.ExpiredAssets, run.ExpiredAssets)
                .SetProperty(r => r.OrphanFiles, run.OrphanFiles)
                .SetProperty(r => r.ExpiredSignInLinks, run.ExpiredSignInLinks), cancellationToken);
            if (status == CleanupStatus.Succeeded)
            {
                var before = now - KeepFor;
                await db.CleanupRuns.Where(r => r.StartedAt < before && r.Status != CleanupStatus.Running).ExecuteDeleteAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (status == CleanupStatus.Failed)
        {
            // The database itself may be what failed; the lease then runs out and the next pass marks this one lost.
            logger.LogError(ex, "Could not record the failed cleanup pass {RunId}", run.Id);
        }
    }

    /// <summary>A sentence for the admin: the step and the error's first line, never a stack trace.</summary>
    internal static string Reason(string step, Exception ex)
    {
        var message = ex.Message.Split('\n', 2)[0].Trim();
        var reason = $"Stopped while {step}: {(message.Length > 0 ? message : ex.GetType().Name)}";
        return reason.Length <= CleanupRun.ErrorLength ? reason : reason[..(CleanupRun.ErrorLength - 1)] + "…";
    }
}
