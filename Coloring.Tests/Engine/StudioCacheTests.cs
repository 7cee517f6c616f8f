using Coloring.Engine;
using Microsoft.Extensions.Time.Testing;

namespace Coloring.Tests.Engine;

/// <summary>The studio's memory: bounded in bytes, the least recently used dropped first.</summary>
public class StudioCacheTests
{
    [Fact]
    public void TheLeastRecentlyUsedIsDroppedFirstToStayWithinItsBytes()
    {
        var cache = new StudioCache(100);
        cache.Put("a", "A", 40);
        cache.Put("b", "B", 40);
        Assert.True(cache.TryGet<string>("a", out _)); // a is now the most recently used

        cache.Put("c", "C", 40);

        Assert.True(cache.TryGet<string>("a", out var a));
        Assert.Equal("A", a);
        Assert.False(cache.TryGet<string>("b", out _));
        Assert.True(cache.TryGet<string>("c", out _));
        Assert.Equal(80, cache.UsedBytes);
    }

    [Fact]
    public void AValueBiggerThanTheWholeCacheIsNotKeptAndDropsNothing()
    {
        var cache = new StudioCache(100);
        cache.Put("a", "A", 60);

        cache.Put("huge", "H", 101);

        Assert.False(cache.TryGet<string>("huge", out _));
        Assert.True(cache.TryGet<string>("a", out _));
    }

    [Fact]
    public void PuttingAKeyAgainReplacesItsValueAndItsBytes()
    {
        var cache = new StudioCache(100);
        cache.Put("a", "old", 60);

        cache.Put("a", "new", 30);

        Assert.True(cache.TryGet<string>("a", out var value));
        Assert.Equal(("new", 30L, 1), (value, cache.UsedBytes, cache.Count));
    }

    [Fact]
    public void AnEmptyCacheKeepsNothing()
    {
        var cache = new StudioCache(0);

        cache.Put("a", "A", 1);

        Assert.False(cache.TryGet<string>("a", out _));
    }

    [Fact]
    public void ManyThreadsAtOnceNeverTakeItOverItsBytes()
    {
        var cache = new StudioCache(1000);

        Parallel.For(0, 20_000, i =>
        {
            cache.Put(i % 300, i, 1 + (i % 17));
            cache.TryGet<object>((i * 7) % 300, out _);
        });

        Assert.InRange(cache.UsedBytes, 1, 1000);
    }

    [Fact]
    public void AValueNobodyUsedForTenMinutesIsDroppedWhenTheNextIsKept()
    {
        var clock = new FakeTimeProvider();
        var cache = new StudioCache(100, clock);
        cache.Put("gone", "G", 10);
        cache.Put("used", "U", 10);
        clock.Advance(TimeSpan.FromMinutes(8));
        Assert.True(cache.TryGet<string>("used", out _));
        clock.Advance(TimeSpan.FromMinutes(3));

        cache.Put("new", "N", 10);

        Assert.False(cache.TryGet<string>("gone", out _));
        Assert.True(cache.TryGet<string>("used", out _));
        Assert.Equal((20L, 2), (cache.UsedBytes, cache.Count));
    }

    [Fact]
    public async Task ConcurrentCallersForOneKeyMakeItOnceAndShareIt()
    {
        var cache = new StudioCache(1000);
        var made = 0;
        using var making = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        string Make()
        {
            Interlocked.Increment(ref made);
            making.Set();
            release.Wait(TimeSpan.FromSeconds(10));
            return new string('x', 3);
        }

        var first = Task.Run(() => cache.GetOrAdd("k", Make, _ => 10));
        making.Wait(TimeSpan.FromSeconds(10));
        var others = Enumerable.Range(0, 6).Select(_ => Task.Run(() => cache.GetOrAdd("k", Make, _ => 10))).ToList();
        await Task.Delay(200); // the others are waiting for the first one meanwhile
        release.Set();
        var values = await Task.WhenAll([first, .. others]);

        Assert.Equal(1, made);
        Assert.All(values, v => Assert.Same(values[0], v));
        Assert.True(cache.TryGet<string>("k", out var kept));
        Assert.Same(values[0], kept);
    }

    [Fact]
    public void AFailedMakeKeepsNothingAndTheNextCallerTriesAgain()
    {
        var cache = new StudioCache(1000);

        Assert.Throws<InvalidOperationException>(() => cache.GetOrAdd<string>("k", () => throw new InvalidOperationException("no"), _ => 1));

        Assert.Equal(0, cache.Count);
        Assert.Equal("made", cache.GetOrAdd("k", () => "made", _ => 1));
    }

    [Fact]
    public void WithoutRoomGetOrAddMakesEveryTime()
    {
        var cache = new StudioCache(0);
        var made = 0;

        cache.GetOrAdd("k", () => (++made).ToString(), _ => 1);
        var second = cache.GetOrAdd("k", () => (++made).ToString(), _ => 1);

        Assert.Equal(("2", 0), (second, cache.Count));
    }

    [Fact]
    public async Task ASliderChangeReadsThePhotoOnceAndKeepsItsPreparedPicture()
    {
        var photo = TestImages.Photo("house.jpg");
        var reads = 0;
        var previews = new StudioPreviews(64 << 20, prepareAhead: false);
        Task<byte[]> Read(CancellationToken _)
        {
            Interlocked.Increment(ref reads);
            return Task.FromResult(photo);
        }

        await previews.RenderAsync("house", Read, new PageOptions(AgePreset.Kids), null, CancellationToken.None);
        var afterFirst = previews.CachedBytes;
        await previews.RenderAsync("house", Read, new PageOptions(AgePreset.Kids, Detail: 1), null, CancellationToken.None);
        var again = await previews.RenderAsync("house", Read, new PageOptions(AgePreset.Kids, Detail: 1), null, CancellationToken.None);

        Assert.Equal(1, reads);
        Assert.True(afterFirst > photo.Length, "the prepared picture is kept beside the photo");
        Assert.Same(again, await previews.RenderAsync("house", Read, new PageOptions(AgePreset.Kids, Detail: 1), null, CancellationToken.None));
    }

    [Fact]
    public async Task WithoutACacheEveryPreviewReadsThePhoto()
    {
        var photo = TestImages.Photo("house.jpg");
        var reads = 0;
        var previews = new StudioPreviews(0);

        for (var i = 0; i < 2; i++)
        {
            await previews.RenderAsync("house", _ => { reads++; return Task.FromResult(photo); }, new PageOptions(), null, CancellationToken.None);
        }

        Assert.Equal((2, 0L), (reads, previews.CachedBytes));
    }
}
