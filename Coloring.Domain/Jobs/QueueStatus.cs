using Coloring.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Jobs;

/// <summary>How long the queue is: jobs waiting, and since when the oldest has waited.</summary>
public sealed record QueueReading(int Depth, TimeSpan OldestAge);

/// <summary>Reads the queue from the jobs table (the source of truth, whichever instance runs the jobs).</summary>
public sealed class QueueStatus(IDbContextFactory<ColoringDbContext> dbFactory, TimeProvider clock)
{
    public async Task<QueueReading> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var queued = db.Jobs.Where(j => j.Status == JobStatus.Queued);
        var depth = await queued.CountAsync(cancellationToken);
        // Ordered rather than Min: SQLite cannot aggregate DateTimeOffset.
        var oldest = depth == 0 ? (DateTimeOffset?)null : await queued.OrderBy(j => j.CreatedAt).Select(j => (DateTimeOffset?)j.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return new QueueReading(depth, oldest is null ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(0, (clock.GetUtcNow() - oldest.Value).Ticks)));
    }
}
