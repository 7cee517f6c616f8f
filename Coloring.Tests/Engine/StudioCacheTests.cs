using Coloring.Engine;

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
    public async Task ASliderChangeReadsThePhotoOnceAndKeepsItsWorkingImage()
    {
        var photo = TestImages.Photo("house.jpg");
        var reads = 0;
        var previews = new StudioPreviews(64 << 20);
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
        Assert.True(afterFirst > photo.Length, "the working image is kept beside the photo");
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
