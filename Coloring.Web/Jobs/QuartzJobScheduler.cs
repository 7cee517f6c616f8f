using Coloring.Domain.Jobs;
using Quartz;

namespace Coloring.Web.Jobs;

/// <summary>Runs coloring jobs through Quartz: one trigger per job, named after it, so scheduling twice is harmless.</summary>
internal sealed class QuartzJobScheduler(ISchedulerFactory schedulers, TimeProvider clock) : IJobScheduler
{
    public async Task ScheduleAsync(Guid jobId, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(TriggerKeyOf(jobId))
            .ForJob(GeneratePageJob.Key)
            .UsingJobData(GeneratePageJob.JobIdKey, jobId.ToString())
            .StartAt(clock.GetUtcNow() + delay)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        try
        {
            await scheduler.ScheduleJob(trigger, default, cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Already waiting to run: nothing to do.
        }
    }

    public async Task<bool> IsScheduledAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return await scheduler.Exists(TriggerKeyOf(jobId), cancellationToken);
    }

    private static TriggerKey TriggerKeyOf(Guid jobId) => new($"job-{jobId:N}", "coloring");
}
