namespace Coloring.Domain.Jobs;

/// <summary>Asks the executor (Quartz) to run a job. The job row, not the trigger, is what counts.</summary>
public interface IJobScheduler
{
    /// <summary>Runs the job after <paramref name="delay"/>; scheduling a job that is already scheduled does nothing.</summary>
    Task ScheduleAsync(Guid jobId, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>True while a trigger for the job waits or fires.</summary>
    Task<bool> IsScheduledAsync(Guid jobId, CancellationToken cancellationToken = default);
}
