using Quartz;

namespace Coloring.Web.Admin;

/// <summary>When the hourly cleanup fires next, read from its Quartz trigger (shared by every instance with PostgreSQL).</summary>
public sealed class CleanupSchedule(ISchedulerFactory schedulers, ILogger<CleanupSchedule> logger)
{
    private static readonly TriggerKey Trigger = new("cleanup", "coloring");

    /// <summary>The next run, or null when it is not scheduled (or the scheduler cannot be asked).</summary>
    public async Task<DateTimeOffset?> NextRunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var trigger = await scheduler.GetTrigger(Trigger, cancellationToken);
            return trigger?.NextFireTimeUtc;
        }
        catch (SchedulerException ex)
        {
            logger.LogWarning(ex, "Could not read the cleanup's next run");
            return null;
        }
    }
}
