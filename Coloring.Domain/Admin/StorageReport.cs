using Coloring.Domain.Data;
using Coloring.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Admin;

/// <summary>The storage page's figures.</summary>
/// <param name="Buckets">Files and bytes per bucket, every bucket present.</param>
/// <param name="ExpiringSoon">Of those, the ones that expire within <see cref="StorageReport.SoonWindow"/>.</param>
/// <param name="LastCleanup">The last cleanup pass that succeeded, on any instance, or null when none has.</param>
/// <param name="RecentCleanups">The last <see cref="Cleanup.HistoryLength"/> passes, newest first, failed and running ones included.</param>
public sealed record StorageFigures(IReadOnlyList<BucketUsage> Buckets, IReadOnlyList<BucketUsage> ExpiringSoon, CleanupRun? LastCleanup, IReadOnlyList<CleanupRun> RecentCleanups);

/// <summary>What is stored, what goes soon, and the cleanup: its passes and a "run now" for admins.</summary>
public sealed class StorageReport(IDbContextFactory<ColoringDbContext> dbFactory, AdminActions actions, Cleanup cleanup, TimeProvider clock)
{
    /// <summary>What "expiring soon" means.</summary>
    public static readonly TimeSpan SoonWindow = TimeSpan.FromDays(1);

    public async Task<StorageFigures> GetAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<BucketUsage> buckets, expiringSoon;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            buckets = await UsageAsync(db, null, cancellationToken);
            expiringSoon = await UsageAsync(db, clock.GetUtcNow() + SoonWindow, cancellationToken);
        }

        var history = await cleanup.GetHistoryAsync(Cleanup.HistoryLength, cancellationToken);
        return new StorageFigures(buckets, expiringSoon, history.LastGood, history.Recent);
    }

    /// <summary>
    /// Runs the cleanup now for <paramref name="actorId"/>, an admin, and records it with its counts. The pass
    /// deletes in many small steps (each safe to repeat), so its entry is written when it ends, not in one
    /// transaction with it. A pass that fails is still done (and recorded as failed, with its reason); when
    /// another pass is running, on this instance or another, this is a conflict and nothing runs.
    /// </summary>
    public async Task<(AdminResult Result, CleanupRun? Run)> RunCleanupAsync(Guid actorId, CancellationToken cancellationToken = default)
    {
        CleanupRun? run = null;
        var result = await actions.RunOutsideTransactionAsync(actorId, async (actor, ct) =>
        {
            (run, var alreadyRunning) = await cleanup.RunAsync(actor, ct);
            if (alreadyRunning)
            {
                return AdminResult.Conflict($"A cleanup pass is already running on {run.Machine}. Its result shows here when it ends.");
            }

            var counts = $"{run.Deleted} deleted";
            return AdminChange.Made(new AuditNote("storage.cleanup", Target: "storage",
                Details: run.Status == CleanupStatus.Succeeded ? counts : $"{counts}, then: {run.Error}"));
        }, cancellationToken);
        return (result, run);
    }

    /// <summary>Files and bytes per bucket (only those expiring before <paramref name="expiringBefore"/> when given); every bucket present.</summary>
    internal static async Task<IReadOnlyList<BucketUsage>> UsageAsync(ColoringDbContext db, DateTimeOffset? expiringBefore, CancellationToken cancellationToken)
    {
        var assets = db.Assets.AsNoTracking();
        if (expiringBefore is { } before)
        {
            assets = assets.Where(a => a.ExpiresAt < before);
        }

        var sums = await assets.GroupBy(a => a.Bucket)
            .Select(g => new { Bucket = g.Key, Files = g.Count(), Bytes = g.Sum(a => a.Bytes) })
            .ToListAsync(cancellationToken);
        return Enum.GetValues<Bucket>()
            .Select(b => sums.FirstOrDefault(s => s.Bucket == b) is { } s ? new BucketUsage(b, s.Files, s.Bytes) : new BucketUsage(b, 0, 0))
            .ToList();
    }
}
