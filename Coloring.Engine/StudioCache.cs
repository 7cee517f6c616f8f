namespace Coloring.Engine;

/// <summary>
/// The studio's memory: values up to a number of bytes across everybody, the least recently used dropped first. A value
/// bigger than the whole cache is not kept. Safe to use from many threads at once.
/// </summary>
internal sealed class StudioCache(long capacityBytes)
{
    private readonly object gate = new();
    private readonly Dictionary<object, LinkedListNode<Entry>> entries = [];
    private readonly LinkedList<Entry> recency = new();

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

    /// <summary>The value kept under <paramref name="key"/>, which is now the most recently used; false when there is none.</summary>
    public bool TryGet<T>(object key, out T value) where T : class
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node) && node.Value.Value is T found)
            {
                recency.Remove(node);
                recency.AddFirst(node);
                value = found;
                return true;
            }
        }

        value = null!;
        return false;
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

            while (UsedBytes + bytes > CapacityBytes && recency.Last is { } last)
            {
                recency.RemoveLast();
                entries.Remove(last.Value.Key);
                UsedBytes -= last.Value.Bytes;
            }

            entries[key] = recency.AddFirst(new Entry(key, value, bytes));
            UsedBytes += bytes;
        }
    }

    private sealed record Entry(object Key, object Value, long Bytes);
}
