namespace Coloring.Engine;

/// <summary>
/// The studio's memory: values up to a number of bytes across everybody, the least recently used dropped first. A value
/// bigger than the whole cache is not kept. Safe to use from many threads at once. Values are shared by everybody who
/// asks for them: they are never changed once kept (a caller that needs to change one works on a copy). A value nobody
/// has used for <see cref="IdleAfter"/> is dropped when the next one is kept, so the room left by people who have gone
/// comes back (the studio makes work ahead only while there is room).
/// </summary>
internal sealed class StudioCache(long capacityBytes, TimeProvider? clock = null)
{
    /// <summary>How long a value nobody uses is kept at most.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);

    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly object gate = new();
    private readonly Dictionary<object, LinkedListNode<Entry>> entries = [];
    private readonly LinkedList<Entry> recency = new();
    private readonly Dictionary<object, Lazy<object>> making = [];

    /// <summary>The most it holds, in bytes.</summary>
    public long CapacityBytes { get; } = Math.Max(0, capacityBytes);

    /// <summary>What it holds now, in bytes.</summary>
    public long UsedBytes { get; private set; }

    /// <summary>How many values it holds now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>The values it holds now, most recently used first (for tests and diagnostics; using them changes nothing).</summary>
    public IReadOnlyList<object> Values()
    {
        lock (gate)
        {
            return [.. recency.Select(e => e.Value)];
        }
    }

    /// <summary>The value kept under <paramref name="key"/>, which is now the most recently used; false when there is none.</summary>
    public bool TryGet<T>(object key, out T value) where T : class
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node) && node.Value.Value is T found)
            {
                Touch(node);
                value = found;
                return true;
            }
        }

        value = null!;
        return false;
    }

    /// <summary>The value kept under <paramref name="key"/>, or else the one <paramref name="make"/> returns, which is then
    /// kept (weighing what <paramref name="weigh"/> says). While one caller makes a value, others asking for the same key
    /// wait for it instead of making it again (a preview the person abandoned may still be making what the next one needs);
    /// an exception from <paramref name="make"/> reaches them all, and nothing is kept.</summary>
    public T GetOrAdd<T>(object key, Func<T> make, Func<T, long> weigh) where T : class
    {
        if (CapacityBytes == 0)
        {
            return make();
        }

        Lazy<object>? pending;
        bool mine;
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node) && node.Value.Value is T found)
            {
                Touch(node);
                return found;
            }

            mine = !making.TryGetValue(key, out pending);
            if (mine)
            {
                pending = new Lazy<object>(() => make(), LazyThreadSafetyMode.ExecutionAndPublication);
                making[key] = pending;
            }
        }

        if (!mine)
        {
            return (T)pending!.Value;
        }

        try
        {
            var value = (T)pending!.Value;
            Put(key, value, weigh(value));
            return value;
        }
        finally
        {
            lock (gate)
            {
                making.Remove(key);
            }
        }
    }

    /// <summary>Keeps <paramref name="value"/> (weighing <paramref name="bytes"/>) under <paramref name="key"/>, dropping the
    /// least recently used values until it fits.</summary>
    public void Put(object key, object value, long bytes)
    {
        if (bytes > CapacityBytes)
        {
            return;
        }

        lock (gate)
        {
            if (entries.Remove(key, out var old))
            {
                recency.Remove(old);
                UsedBytes -= old.Value.Bytes;
            }

            var now = clock.GetUtcNow();
            DropIdle(now);
            while (UsedBytes + bytes > CapacityBytes && recency.Last is { } last)
            {
                Drop(last);
            }

            entries[key] = recency.AddFirst(new Entry(key, value, bytes) { LastUsed = now });
            UsedBytes += bytes;
        }
    }

    /// <summary>Drops the values nobody has used for <see cref="IdleAfter"/>.</summary>
    public void DropIdle()
    {
        lock (gate)
        {
            DropIdle(clock.GetUtcNow());
        }
    }

    private void DropIdle(DateTimeOffset now)
    {
        while (recency.Last is { } last && now - last.Value.LastUsed > IdleAfter)
        {
            Drop(last);
        }
    }

    private void Drop(LinkedListNode<Entry> node)
    {
        recency.Remove(node);
        entries.Remove(node.Value.Key);
        UsedBytes -= node.Value.Bytes;
    }

    private void Touch(LinkedListNode<Entry> node)
    {
        node.Value.LastUsed = clock.GetUtcNow();
        recency.Remove(node);
        recency.AddFirst(node);
    }

    private sealed class Entry(object key, object value, long bytes)
    {
        public object Key { get; } = key;

        public object Value { get; } = value;

        public long Bytes { get; } = bytes;

        public DateTimeOffset LastUsed { get; set; }
    }
}
