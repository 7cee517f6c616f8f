namespace Coloring.E2E.Support;

/// <summary>
/// Real time plus an offset a test can move forward, so a sign-in link can expire without waiting
/// ten minutes while everything else (timers, cookies, Blazor) keeps running on real time.
/// </summary>
public sealed class AdjustableClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    /// <summary>Moves the clock forward; it never goes back, so earlier tests' cookies and links stay consistent.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
