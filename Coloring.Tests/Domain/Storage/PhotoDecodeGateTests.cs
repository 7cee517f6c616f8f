using Coloring.Domain.Storage;
using Coloring.Engine;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Coloring.Tests.Domain.Storage;

/// <summary>The bound on photos decoded at once: later ones wait their turn, then are refused as busy.</summary>
public class PhotoDecodeGateTests
{
    private readonly FakeTimeProvider _clock = new();

    private PhotoDecodeGate Gate(int atOnce, TimeSpan wait) =>
        new(Options.Create(new PhotoIntakeOptions { DecodesAtOnce = atOnce, QueueWait = wait, RetryAfterSeconds = 7 }), _clock);

    [Fact]
    public async Task WhenEveryTurnIsTakenAPhotoWaitsAndGoesOnceOneIsFree()
    {
        using var gate = Gate(1, TimeSpan.FromSeconds(20));
        using var release = new ManualResetEventSlim();
        var first = gate.RunAsync(() => { release.Wait(); return 1; });

        var second = gate.RunAsync(() => 2);
        await Task.Delay(200);

        Assert.False(second.IsCompleted);
        release.Set();
        Assert.Equal((1, 2), (await first, await second));
    }

    [Fact]
    public async Task APhotoStillWaitingAfterTheQueueWaitIsRefusedAsBusyAndTheTurnStaysUsable()
    {
        using var gate = Gate(1, TimeSpan.FromSeconds(20));
        using var release = new ManualResetEventSlim();
        var first = gate.RunAsync(() => { release.Wait(); return 1; });
        var second = gate.RunAsync(() => 2);

        _clock.Advance(TimeSpan.FromSeconds(21));

        var busy = await Assert.ThrowsAsync<PhotoIntakeBusyException>(() => second);
        Assert.Equal(7, busy.RetryAfterSeconds);
        Assert.Contains("try again", busy.Message);
        release.Set();
        Assert.Equal(1, await first);
        Assert.Equal(3, await gate.RunAsync(() => 3));
    }

    [Fact]
    public async Task WithNoQueueWaitABusyGateRefusesAtOnce()
    {
        using var gate = Gate(1, TimeSpan.Zero);
        using var release = new ManualResetEventSlim();
        var first = gate.RunAsync(() => { release.Wait(); return 1; });

        await Assert.ThrowsAsync<PhotoIntakeBusyException>(() => gate.RunAsync(() => 2));

        release.Set();
        await first;
    }

    [Fact]
    public async Task ADamagedPhotoGivesItsTurnBack()
    {
        using var gate = Gate(1, TimeSpan.Zero);

        await Assert.ThrowsAsync<PhotoRejectedException>(() => gate.RunAsync<int>(() => throw new PhotoRejectedException(PhotoProblem.Corrupt)));

        Assert.Equal(1, await gate.RunAsync(() => 1));
    }

    [Fact]
    public async Task ACanceledRequestStopsWaitingWithoutBeingCalledBusy()
    {
        using var gate = Gate(1, TimeSpan.FromSeconds(20));
        using var release = new ManualResetEventSlim();
        using var canceled = new CancellationTokenSource();
        var first = gate.RunAsync(() => { release.Wait(); return 1; });
        var second = gate.RunAsync(() => 2, canceled.Token);

        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        release.Set();
        await first;
        Assert.Equal(3, await gate.RunAsync(() => 3));
    }

    [Fact]
    public async Task TwentyPhotosAtOnceNeverDecodeMoreThanTheLimitAndAllFinish()
    {
        using var gate = Gate(2, TimeSpan.FromSeconds(20));
        int running = 0, most = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => gate.RunAsync(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(10);
            Interlocked.Decrement(ref running);
            return i;
        }))));

        Assert.Equal(Enumerable.Range(0, 20), results);
        Assert.Equal(2, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
