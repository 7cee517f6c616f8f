using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Realtime;

/// <summary>
/// Publish-subscribe for things an open page shows live: a balance, a job's progress, a flag.
/// In one process it is a simple in-memory hub; with Redis configured, messages cross instances.
/// </summary>
public interface ILiveUpdates
{
    /// <summary>Sends <paramref name="message"/> to every subscriber of <paramref name="topic"/>, on any instance.</summary>
    Task PublishAsync(string topic, string message);

    /// <summary>Calls <paramref name="handler"/> for each message on <paramref name="topic"/> until disposed.</summary>
    IDisposable Subscribe(string topic, Func<string, Task> handler);
}

/// <summary>The topic names, in one place so publishers and subscribers agree.</summary>
public static class LiveTopics
{
    public static string Balance(Guid userId) => $"balance:{userId:N}";

    public static string Job(Guid jobId) => $"job:{jobId:N}";

    public const string Flags = "flags";

    /// <summary>A job left the queue to run: the ones waiting behind it moved up.</summary>
    public const string Queue = "queue";
}

public static class LiveUpdatesExtensions
{
    /// <summary>
    /// Subscribes <paramref name="onChange"/> to <paramref name="topic"/>, then calls it once with null ("look for
    /// yourself"). A page reads its state, renders, and only then subscribes; a change made in between would be
    /// missed until the next one (a job left showing Running for good), and this first call closes that gap. It runs
    /// in the background; if it fails, that is logged, as a failing handler's message is.
    /// </summary>
    public static IDisposable Watch(this ILiveUpdates live, string topic, Func<string?, Task> onChange, ILogger logger)
    {
        var subscription = live.Subscribe(topic, message => onChange(message));
        _ = CatchUpAsync();
        return subscription;

        async Task CatchUpAsync()
        {
            try
            {
                await onChange(null);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Catching up on {Topic} failed", topic);
            }
        }
    }
}
