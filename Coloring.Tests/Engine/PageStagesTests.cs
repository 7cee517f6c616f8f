using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Coloring.Engine;

namespace Coloring.Tests.Engine;

/// <summary>The stages before the lines, kept in the studio's cache (ADR 0013): a change redoes only what it touches, the
/// page made from kept stages is the page made from scratch, and what is kept is never changed by the pages that use it.</summary>
public class PageStagesTests
{
    private static readonly LocalPageGenerator Generator = new();

    /// <summary>A person steering the dog through one cache: every kind of change, a box moved and resized a little, and back.</summary>
    private static readonly PageOptions[] Steering =
    [
        new(AgePreset.Kids),
        new(AgePreset.Kids, Detail: 1),
        new(AgePreset.Kids, Detail: 1, Subject: new SubjectBox(0.2, 0.1, 0.7, 0.9), Background: BackgroundMode.LeaveOut),
        new(AgePreset.Kids, Detail: 1, Subject: new SubjectBox(0.24, 0.1, 0.74, 0.9), Background: BackgroundMode.LeaveOut),
        new(AgePreset.Kids, Detail: 1, Subject: new SubjectBox(0.24, 0.1, 0.74, 0.92), Background: BackgroundMode.Simplify),
        new(AgePreset.Kids, Detail: 1, LinePt: 5, Subject: new SubjectBox(0.24, 0.1, 0.74, 0.92), Background: BackgroundMode.Keep),
        new(AgePreset.Toddler, Detail: 1, LinePt: 5, Subject: new SubjectBox(0.24, 0.1, 0.74, 0.92), Background: BackgroundMode.Keep),
        new(AgePreset.Detailed, Background: BackgroundMode.Simplify, Turns: 1),
        new(AgePreset.Kids),
    ];

    [Fact]
    public void PagesMadeFromKeptStagesAreThePagesMadeFromScratch()
    {
        var photo = TestImages.Photo("dog.png");
        var memo = new StageMemo(new StudioCache(256 << 20), "dog");

        foreach (var options in Steering)
        {
            var kept = Generator.Generate(photo, options, memo, writeFiles: false, progress: null, CancellationToken.None);
            var fresh = Generator.Generate(photo, options);

            Assert.Equal(fresh.Drawing.PathData, kept.Drawing.PathData);
            Assert.Equal((fresh.Width, fresh.Height, fresh.Metrics.Attempts), (kept.Width, kept.Height, kept.Metrics.Attempts));
        }
    }

    [Fact]
    public void AChangeRedoesOnlyWhatItTouches()
    {
        var photo = TestImages.Photo("dog.png");
        var memo = new StageMemo(new StudioCache(256 << 20), "dog");
        IReadOnlyDictionary<string, double> Stages(PageOptions options) =>
            Generator.Generate(photo, options, memo, writeFiles: false, progress: null, CancellationToken.None).Metrics.StageMs;
        var box = new SubjectBox(0.3, 0.2, 0.7, 0.8);

        var first = Stages(new PageOptions(AgePreset.Kids));
        var detail = Stages(new PageOptions(AgePreset.Kids, Detail: -1));
        Stages(new PageOptions(AgePreset.Kids, Detail: -1, Subject: box));
        var moved = Stages(new PageOptions(AgePreset.Kids, Detail: -1, Subject: new SubjectBox(0.25, 0.15, 0.65, 0.75)));
        var resized = Stages(new PageOptions(AgePreset.Kids, Detail: -1, Subject: new SubjectBox(0.3, 0.2, 0.72, 0.84)));
        var background = Stages(new PageOptions(AgePreset.Kids, Detail: -1, Subject: box, Background: BackgroundMode.LeaveOut, LinePt: 6));

        Assert.True(first.GetValueOrDefault("decode") > 0 && first.GetValueOrDefault(PageStages.Prepare) > 0, "the first page decodes and prepares");
        foreach (var (change, stages) in new[] { ("detail", detail), ("moved box", moved), ("resized box", resized), ("background and lines", background) })
        {
            Assert.False(stages.ContainsKey("decode") || stages.ContainsKey(PageStages.Prepare), $"{change}: {string.Join(", ", stages.Keys)}");
            Assert.True(stages.GetValueOrDefault("lines") > 0, $"{change}: the lines are redone");
        }
    }

    [Fact]
    public void PagesLeaveWhatIsKeptAsItWas()
    {
        var photo = TestImages.Photo("fruits.jpg");
        var cache = new StudioCache(256 << 20);
        var memo = new StageMemo(cache, "fruits");
        var box = new SubjectBox(0.3, 0.3, 0.7, 0.7);
        Generator.Generate(photo, new PageOptions(AgePreset.Kids, Subject: box), memo, writeFiles: false, progress: null, CancellationToken.None);
        var before = Fingerprints(cache);

        // The same prepared picture and first segmentation, weighed, masked, left out and carved by every background.
        foreach (var background in new[] { BackgroundMode.LeaveOut, BackgroundMode.Simplify, BackgroundMode.Keep, BackgroundMode.Auto })
        {
            Generator.Generate(photo, new PageOptions(AgePreset.Kids, Subject: new SubjectBox(0.32, 0.3, 0.72, 0.7), Background: background),
                memo, writeFiles: false, progress: null, CancellationToken.None);
        }

        var after = Fingerprints(cache);
        Assert.Contains(before, f => f.Kind == nameof(PreparedPicture));
        Assert.Contains(before, f => f.Kind == nameof(Segments));
        Assert.All(before, f => Assert.Contains(f, after));
    }

    [Theory]
    [InlineData(0.95, 1.0)]
    [InlineData(0.88, 1.0)]
    [InlineData(0.85, 1.25)]
    [InlineData(0.78, 1.25)]
    [InlineData(0.72, 1.25)]
    [InlineData(0.62, 1.5)]
    [InlineData(0.40, 1.5)]
    [InlineData(0.12, 1.5)]
    public void TheZoomComesInSteps(double longSide, double zoom)
    {
        Assert.Equal(zoom, SubjectFocus.ZoomFor(new SubjectBox(0, 0, longSide, longSide / 2)));
        Assert.Equal(zoom, SubjectFocus.ZoomFor(new SubjectBox(0.5 - longSide / 4, 1 - longSide, 0.5 + longSide / 4, 1)));
    }

    [Fact]
    public async Task ThePreviewsPrepareTheOtherPresetsAndTheSubjectMarkedAheadWhileIdle()
    {
        var photo = TestImages.Photo("house.jpg");
        var previews = new StudioPreviews(256 << 20, prepareAhead: true);
        await previews.RenderAsync("house", _ => Task.FromResult(photo), new PageOptions(AgePreset.Kids), null, CancellationToken.None);
        await previews.PreparedAhead;

        var memo = new StageMemo(previews.Cache, "house");
        foreach (var options in StudioPreviews.NextChoices(new PageOptions(AgePreset.Kids)))
        {
            var stages = Generator.Generate(photo, options, memo, writeFiles: false, progress: null, CancellationToken.None).Metrics.StageMs;
            Assert.False(stages.ContainsKey("decode") || stages.ContainsKey(PageStages.Prepare), $"{options}: {string.Join(", ", stages.Keys)}");
        }
    }

    [Fact]
    public async Task WithoutWorkAheadAPresetChangeStartsFromTheDecode()
    {
        var photo = TestImages.Photo("house.jpg");
        var previews = new StudioPreviews(256 << 20, prepareAhead: false);
        await previews.RenderAsync("house", _ => Task.FromResult(photo), new PageOptions(AgePreset.Kids), null, CancellationToken.None);
        await previews.PreparedAhead;

        var stages = Generator.Generate(photo, new PageOptions(AgePreset.Toddler), new StageMemo(previews.Cache, "house"), writeFiles: false,
            progress: null, CancellationToken.None).Metrics.StageMs;
        Assert.True(stages.GetValueOrDefault("decode") > 0);
    }

    [Fact]
    public void NextChoicesAreTheOtherPresetsAndTheSubjectMarkedOrClearedAtEveryPreset()
    {
        var boxed = new PageOptions(AgePreset.Toddler, Detail: 2, Subject: new SubjectBox(0.1, 0.1, 0.5, 0.5), Background: BackgroundMode.LeaveOut);

        var next = StudioPreviews.NextChoices(boxed).ToList();

        Assert.Equal(5, next.Count);
        Assert.Equal([AgePreset.Kids, AgePreset.Detailed], next.Where(o => o.Subject == boxed.Subject).Select(o => o.Preset));
        Assert.Equal(3, next.Count(o => o.Subject is null));
        Assert.All(next, o => Assert.Equal((2.0, BackgroundMode.LeaveOut), (o.Detail, o.Background)));
        Assert.All(StudioPreviews.NextChoices(new PageOptions(AgePreset.Kids)).Where(o => o.Subject is not null),
            o => Assert.Equal(SubjectFocus.MaxZoom, SubjectFocus.ZoomFor(o.Subject!)));
    }

    private static List<(string Kind, string Hash)> Fingerprints(StudioCache cache)
    {
        var prints = new List<(string, string)>();
        foreach (var value in cache.Values())
        {
            switch (value)
            {
                case PreparedPicture p:
                    prints.Add((nameof(PreparedPicture), Hash(p.NormalisedL, p.Smoothed.L, p.Smoothed.A, p.Smoothed.B, p.Saliency, p.Response)));
                    break;
                case Segments s:
                    prints.Add((nameof(Segments), Hash(s.Labels)));
                    break;
            }
        }

        return prints;
    }

    private static string Hash<T>(params T[][] planes) where T : struct
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var plane in planes)
        {
            hash.AppendData(MemoryMarshal.AsBytes(plane.AsSpan()));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
