using Microsoft.Extensions.Options;

namespace Coloring.Domain.Storage;

/// <summary>Settings under <c>Photos</c>: how many uploaded photos are decoded at once.</summary>
public sealed class PhotoIntakeOptions
{
    public const string Section = "Photos";

    /// <summary>Photos decoded at the same time across the process; the rest wait their turn.</summary>
    public int DecodesAtOnce { get; set; } = 2;

    /// <summary>How long a photo waits for its turn before it is refused as busy (zero: refuse at once).</summary>
    public TimeSpan QueueWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>What a refused request is told to wait, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}

/// <summary>Too many photos are being read right now; nothing was stored. Try again after <see cref="RetryAfterSeconds"/>.</summary>
public sealed class PhotoIntakeBusyException(int retryAfterSeconds)
    : Exception("Many photos are being read right now. Please try again in a few seconds.")
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}

/// <summary>
/// Bounds the photos decoded at once across the process, so a burst of large uploads (from one person or many)
/// queues briefly and is then refused instead of holding memory for every one at the same time.
/// </summary>
public sealed class PhotoDecodeGate(IOptions<PhotoIntakeOptions> options, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _turns = new(options.Value.DecodesAtOnce, options.Value.DecodesAtOnce);

    /// <summary>Runs <paramref name="decode"/> on the thread pool once it has a turn; throws <see cref="PhotoIntakeBusyException"/> if none comes in time.</summary>
    public async Task<T> RunAsync<T>(Func<T> decode, CancellationToken cancellationToken = default)
    {
        if (!_turns.Wait(0))
        {
            using var waited = new CancellationTokenSource(options.Value.QueueWait, clock);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(waited.Token, cancellationToken);
            try
            {
                await _turns.WaitAsync(either.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PhotoIntakeBusyException(options.Value.RetryAfterSeconds);
            }
        }

        try
        {
            return await Task.Run(decode, cancellationToken);
        }
        finally
        {
            _turns.Release();
        }
    }

    public void Dispose() => _turns.Dispose();
}
