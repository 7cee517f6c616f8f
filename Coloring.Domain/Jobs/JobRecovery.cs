using Coloring.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coloring.Domain.Jobs;

/// <summary>What a recovery sweep did.</summary>
public sealed record RecoveryReport(int Requeued, int Failed, int Rescheduled);

/// <summary>
/// Makes sure no job is lost: a running job whose heartbeat stopped (its worker died) is queued again, or
/// failed and refunded after its last attempt; a queued job with no trigger is scheduled again.
/// </summary>
public sealed class JobRecovery(
    IDbContextFactory<ColoringDbContext> dbFactory,
    JobRunner runner,
    IJobScheduler scheduler,
    TimeProvider clock,
    IOptions<JobOptions> options,
    ILogger<JobRecovery> logger)
{
    public async Task<RecoveryReport> SweepAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var stale = now - settings.StaleAfter;
        int requeued = 0, failed = 0, rescheduled = 0;

        List<Job> lost;
        List<Guid> queued;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            lost = await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Running && (j.HeartbeatAt == null || j.HeartbeatAt < stale)).ToListAsync(cancellationToken);
            queued = await db.Jobs.Where(j => j.Status == JobStatus.Queued).OrderBy(j => j.CreatedAt).Select(j => j.Id).ToListAsync(cancellationToken);
        }

        foreach (var job in lost)
        {
            if (job.Attempts >= settings.MaxAttempts)
            {
                if (await runner.FailAsync(job.Id, job.UserId, "This page could not be made after several tries. Your credit was refunded.", cancellationToken))
                {
                    failed++;
                }

                continue;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            // The heartbeat condition again, so a job that came back to life meanwhile is left alone.
            var taken = await db.Jobs.Where(j => j.Id == job.Id && j.Status == JobStatus.Running && (j.HeartbeatAt == null || j.HeartbeatAt < stale))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Queued).SetProperty(j => j.Stage, "queued").SetProperty(j => j.Progress, 0), cancellationToken);
            if (taken == 1)
            {
                requeued++;
                queued.Add(job.Id);
            }
        }

        foreach (var jobId in queued)
        {
            if (!await scheduler.IsScheduledAsync(jobId, cancellationToken))
            {
                await scheduler.ScheduleAsync(jobId, TimeSpan.Zero, cancellationToken);
                rescheduled++;
            }
        }

        if (requeued + failed + rescheduled > 0)
        {
            logger.LogWarning("Recovery: {Requeued} lost jobs queued again, {Failed} failed and refunded, {Rescheduled} scheduled again", requeued, failed, rescheduled);
        }

        return new RecoveryReport(requeued, failed, rescheduled);
    }
}
