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
}
