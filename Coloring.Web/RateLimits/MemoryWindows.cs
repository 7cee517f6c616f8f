using Coloring.Domain.RateLimits;
using System.Collections.Concurrent;

namespace Coloring.Web.RateLimits;

/// <summary>
/// Fixed-window counters in this process, on the injected clock. A window opens with the first action of a
/// key and lasts the limit's window; used alone on one machine and as the fallback while Redis is away.
/// </summary>
public sealed class MemoryWindows(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    public RateLimitDecision TryAcquire(string key, WindowLimit limit)
    {
        var now = clock.GetUtcNow();
        SweepIfDue(now);
        while (true)
        {
            var window = _windows.GetOrAdd(key, _ => new Window());
            lock (window)
            {
                if (window.Removed)
                {
                    continue; // swept away while we waited; count in its successor
                }

                return Count(window, limit, now);
            }
        }
    }

    private static RateLimitDecision Count(Window window, WindowLimit limit, DateTimeOffset now)
    {
        if (window.EndsAt <= now)
        {
            window.EndsAt = now + limit.Window;
            window.Count = 0;
        }

        if (window.Count >= limit.PermitLimit)
        {
            return new RateLimitDecision(false, window.EndsAt - now);
        }

        window.Count++;
        return RateLimitDecision.Allow;
    }

    // Closed windows are dropped once a minute, so keys of passers-by do not pile up.
    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, now.UtcTicks + TimeSpan.TicksPerMinute, due) != due)
        {
            return;
        }

        foreach (var (key, window) in _windows)
        {
            lock (window)
            {
                if (window.EndsAt <= now)
                {
                    window.Removed = true;
                    _windows.TryRemove(new KeyValuePair<string, Window>(key, window));
                }
            }
        }
    }

    private sealed class Window
    {
        public DateTimeOffset EndsAt { get; set; }

        public int Count { get; set; }

        public bool Removed { get; set; }
    }
}
