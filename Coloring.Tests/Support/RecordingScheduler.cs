using System.Collections.Concurrent;
using Coloring.Domain.Jobs;

namespace Coloring.Tests.Support;

/// <summary>
/// Stands in for Quartz in domain tests: remembers what was scheduled so a test can run it with
/// <see cref="JobRunner"/> itself. The web tests use the real Quartz.
/// </summary>
public sealed class RecordingScheduler : IJobScheduler
{
    private readonly ConcurrentDictionary<Guid, TimeSpan> _scheduled = new();

    public IReadOnlyDictionary<Guid, TimeSpan> Scheduled => _scheduled;

    public Task ScheduleAsync(Guid jobId, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        _scheduled.TryAdd(jobId, delay);
        return Task.CompletedTask;
    }

    public Task<bool> IsScheduledAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_scheduled.ContainsKey(jobId));

    /// <summary>Forgets a job, as Quartz does once its trigger has fired.</summary>
    public void Fired(Guid jobId) => _scheduled.TryRemove(jobId, out _);
}
