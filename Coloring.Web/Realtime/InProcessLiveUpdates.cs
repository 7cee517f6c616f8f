using System.Collections.Concurrent;
using Coloring.Domain.Realtime;

namespace Coloring.Web.Realtime;

/// <summary>Live updates within one process: enough for a single instance, and the local end of the Redis variant.</summary>
public sealed class InProcessLiveUpdates(ILogger<InProcessLiveUpdates> logger) : ILiveUpdates
{
    private readonly ConcurrentDictionary<string, ImmutableHandlers> _topics = new();

    public async Task PublishAsync(string topic, string message)
    {
        if (!_topics.TryGetValue(topic, out var handlers))
        {
            return;
        }

        foreach (var handler in handlers.Items)
        {
            try
            {
                await handler(message);
            }
            catch (Exception ex)
            {
                // One broken page must not stop the others from hearing the news.
                logger.LogWarning(ex, "A live-update handler for {Topic} failed", topic);
            }
        }
    }

    public IDisposable Subscribe(string topic, Func<string, Task> handler)
    {
        _topics.AddOrUpdate(topic, _ => new ImmutableHandlers([handler]), (_, h) => new ImmutableHandlers([.. h.Items, handler]));
        return new Subscription(() =>
        {
            while (_topics.TryGetValue(topic, out var current))
            {
                var remaining = current.Items.Where(h => h != handler).ToArray();
                if (remaining.Length == 0 ? _topics.TryRemove(new(topic, current)) : _topics.TryUpdate(topic, new ImmutableHandlers(remaining), current))
                {
                    break;
                }
            }
        });
    }

    private sealed record ImmutableHandlers(Func<string, Task>[] Items);

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
