using Coloring.Domain.Jobs;
using Quartz;

namespace Coloring.Web.Jobs;

/// <summary>Quartz's handle on <see cref="JobRunner"/>: reads the job id and runs it.</summary>
internal sealed class GeneratePageJob(JobRunner runner) : IJob
{
    public static readonly JobKey Key = new("generate-page", "coloring");

    public const string JobIdKey = "jobId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(context.MergedJobDataMap.GetString(JobIdKey), out var jobId))
        {
            await runner.RunAsync(jobId, cancellationToken);
        }
    }
}

/// <summary>Quartz's handle on <see cref="JobRecovery"/>.</summary>
[DisallowConcurrentExecution]
internal sealed class RecoverJobsJob(JobRecovery recovery) : IJob
{
    public static readonly JobKey Key = new("recover-jobs", "coloring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await recovery.SweepAsync(cancellationToken);
}

/// <summary>
/// Quartz's handle on <see cref="Domain.Storage.Cleanup"/>. Quartz keeps its own firings apart (across the cluster
/// with PostgreSQL); the pass's lease row also keeps them apart from an admin's "Run cleanup now".
/// </summary>
[DisallowConcurrentExecution]
internal sealed class CleanupJob(Domain.Storage.Cleanup cleanup) : IJob
{
    public static readonly JobKey Key = new("cleanup", "coloring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await cleanup.RunAsync(startedBy: null, cancellationToken);
}
