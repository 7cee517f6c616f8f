using System.Text.Json;
using System.Xml.Linq;
using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Tests.Engine;

public class LocalPageGeneratorTests
{
    private static readonly LocalPageGenerator Generator = new();

    public static TheoryData<string, AgePreset> EveryPhotoAndPreset()
    {
        var data = new TheoryData<string, AgePreset>();
        foreach (var name in TestImages.PhotoNames)
        {
            foreach (var preset in Enum.GetValues<AgePreset>())
            {
                data.Add(name, preset);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPhotoAndPreset))]
    public void EveryTestPhotoGivesAPageWithinThePresetsBounds(string photo, AgePreset preset)
    {
        var page = Generator.Generate(TestImages.Photo(photo), new PageOptions(preset));
        var m = page.Metrics;
        Assert.True(m.Passed, $"{photo}/{preset}: {string.Join("; ", m.Failures)}");
        Assert.InRange(m.InkCoverage, 0.02, 0.12);
        Assert.InRange(m.LargestBlobShare, 0, 0.005);
        Assert.Equal(0, m.Specks);
        Assert.InRange(m.SmallRegionShare, 0, 0.03);
        Assert.True(m.Regions >= 3, $"{photo}/{preset}: only {m.Regions} regions");
        Assert.InRange(m.MeasuredStrokeWidthPx, m.StrokeWidthPx * 0.6, m.StrokeWidthPx * 1.6);
        var (w, h, depth) = TestImages.PngHeader(page.Png);
        Assert.Equal((page.Width, page.Height, 1), (w, h, depth));
    }

    [Theory]
    [InlineData(AgePreset.Toddler, 6.0)]
    [InlineData(AgePreset.Kids, 3.5)]
    [InlineData(AgePreset.Detailed, 1.5)]
    public void PresetSetsTheLineWeight(AgePreset preset, double points)
    {
        var page = Generator.Generate(TestImages.Photo("sweets.png"), new PageOptions(preset));
        Assert.Equal(points, page.Metrics.LinePt);
        Assert.Equal(Math.Round(points * 300 / 72, 2), page.Metrics.StrokeWidthPx);
    }

    [Fact]
    public void LineWeightCanBeOverridden()
    {
        var page = Generator.Generate(TestImages.Photo("sweets.png"), new PageOptions(AgePreset.Kids, LinePt: 5));
        Assert.Equal(5, page.Metrics.LinePt);
        Assert.Equal(Math.Round(5 * 300 / 72.0, 2), page.Drawing.StrokeWidth);
        Assert.InRange(page.Metrics.MeasuredStrokeWidthPx, 5 * 300 / 72.0 * 0.8, 5 * 300 / 72.0 * 1.2);
    }

    [Theory]
    [InlineData(double.NaN, 3.5)]
    [InlineData(double.PositiveInfinity, 3.5)]
    [InlineData(0.01, 0.5)]
    [InlineData(400, 12)]
    public void LineWeightOutOfRangeOrNotANumberIsHeldToTheAllowedWeights(double asked, double drawn)
    {
        // The web app and the CLI refuse these; the engine must still not draw a page with lines of no width.
        var page = Generator.Generate(TestImages.Photo("sweets.png"), new PageOptions(AgePreset.Kids, LinePt: asked));
        Assert.Equal(drawn, page.Metrics.LinePt);
        Assert.Equal(Math.Round(drawn * 300 / 72, 2), page.Drawing.StrokeWidth);
    }

    [Fact]
    public void SamePhotoAndOptionsGiveByteIdenticalOutput()
    {
        var photo = TestImages.Photo("dog.png");
        var a = Generator.Generate(photo, new PageOptions(AgePreset.Kids));
        var b = Generator.Generate(photo, new PageOptions(AgePreset.Kids));
        Assert.Equal(a.Png, b.Png);
        Assert.Equal(a.Svg, b.Svg);
        Assert.Equal(a.PreviewPng, b.PreviewPng);
    }

    [Theory]
    [InlineData(Paper.A4, "house.jpg", PageOrientation.Landscape, 3508, 2480)]
    [InlineData(Paper.Letter, "house.jpg", PageOrientation.Landscape, 3300, 2550)]
    [InlineData(Paper.A4, "dog.png", PageOrientation.Portrait, 2480, 3508)]
    [InlineData(Paper.Letter, "dog.png", PageOrientation.Portrait, 2550, 3300)]
    public void PageIsPaperSizedAt300DpiAndOrientedByThePhoto(Paper paper, string photo, PageOrientation orientation, int width, int height)
    {
        var page = Generator.Generate(TestImages.Photo(photo), new PageOptions(AgePreset.Kids, paper));
        Assert.Equal((orientation, width, height), (page.Orientation, page.Width, page.Height));
        using var bitmap = SKBitmap.Decode(page.Png);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));

        // 10 mm margin (118 px) stays white all around.
        for (var x = 0; x < width; x += 7)
        {
            Assert.Equal(SKColors.White, bitmap.GetPixel(x, 100));
            Assert.Equal(SKColors.White, bitmap.GetPixel(x, height - 100));
        }
    }

    [Fact]
    public void PngIsPureBlackAndWhite()
    {
        var page = Generator.Generate(TestImages.Photo("fruits.jpg"), new PageOptions());
        using var bitmap = SKBitmap.Decode(page.Png);
        var seen = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 3)
        {
            for (var x = 0; x < bitmap.Width; x += 3)
            {
                seen.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        Assert.Equal(new HashSet<uint> { (uint)SKColors.Black, (uint)SKColors.White }, seen);
    }

    [Fact]
    public void PreviewIsAbout1024PixelsOnItsLongSide()
    {
        var page = Generator.Generate(TestImages.Photo("house.jpg"), new PageOptions());
        using var preview = SKBitmap.Decode(page.PreviewPng);
        Assert.Equal(1024, Math.Max(preview.Width, preview.Height));
    }

    [Fact]
    public void PreviewShowsThePrintedInkAveragedOverEachPreviewPixel()
    {
        // A 12x8 page shown at 4x2: its left half inked, plus one inked pixel in the top-right preview pixel's 3x4 box.
        const int w = 12, h = 8;
        var ink = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w / 2; x++)
            {
                ink[y * w + x] = 1;
            }
        }

        ink[1 * w + 10] = 1;
        var preview = PagePipeline.Preview(ink, w, h, 4, 2);

        // Full ink is black, no ink white, one inked pixel in twelve is 255 x 11/12.
        Assert.Equal(new byte[] { 0, 0, 255, 234, 0, 0, 255, 255 }, preview);
    }

    [Fact]
    public void PreviewSplitsAPixelBetweenThePreviewPixelsItStraddles()
    {
        // 3 page pixels to 2 preview pixels: the middle pixel counts half for each.
        var preview = PagePipeline.Preview([0, 1, 0], 3, 1, 2, 1);
        Assert.Equal(new byte[] { 170, 170 }, preview);
    }

    [Fact]
    public void SvgIsValidWithVectorPathsAndPaperSizeInMillimetres()
    {
        var page = Generator.Generate(TestImages.Photo("dog.png"), new PageOptions(AgePreset.Kids, Paper.A4));
        var doc = XDocument.Parse(page.Svg);
        XNamespace svg = "http://www.w3.org/2000/svg";
        var root = doc.Root!;
        Assert.Equal(svg + "svg", root.Name);
        Assert.Equal("210mm", root.Attribute("width")!.Value);
        Assert.Equal("297mm", root.Attribute("height")!.Value);
        Assert.Equal($"0 0 {page.Width} {page.Height}", root.Attribute("viewBox")!.Value);
        var paths = root.Descendants(svg + "path").ToList();
        Assert.NotEmpty(paths);
        Assert.Equal(page.PathData.Count, paths.Count);
        foreach (var p in paths)
        {
            using var path = SKPath.ParseSvgPathData(p.Attribute("d")!.Value);
            Assert.NotNull(path);
            Assert.True(path.Bounds.Left >= 0 && path.Bounds.Right <= page.Width && path.Bounds.Top >= 0 && path.Bounds.Bottom <= page.Height);
        }
    }

    [Fact]
    public void MetricsRoundTripThroughSystemTextJson()
    {
        var page = Generator.Generate(TestImages.Photo("sweets.png"), new PageOptions());
        var json = JsonSerializer.Serialize(page.Metrics);
        var back = JsonSerializer.Deserialize<PageMetrics>(json)!;
        Assert.Equal(page.Metrics.InkCoverage, back.InkCoverage);
        Assert.Equal(page.Metrics.Regions, back.Regions);
        Assert.Equal(page.Metrics.StageMs.Keys.Order(), back.StageMs.Keys.Order());
        Assert.Contains("decode", back.StageMs.Keys);
    }

    [Fact]
    public async Task ProgressIsReportedByStage()
    {
        var stages = new List<GenerationProgress>();
        var progress = new SynchronousProgress(stages.Add);
        await Generator.GenerateAsync(TestImages.Photo("house.jpg"), new PageOptions(), progress, CancellationToken.None);
        var names = stages.Select(s => s.Stage).Distinct().ToList();
        Assert.Equal(["decode", "lines", "regions", "trace", "render"], names);
        Assert.Equal(100, stages[^1].Percent);
        Assert.True(stages.Zip(stages.Skip(1)).All(p => p.Second.Percent >= p.First.Percent));
    }

    [Fact]
    public void PresetWordsParse()
    {
        Assert.True(PageOptionNames.TryParsePreset("Toddler", out var t) && t == AgePreset.Toddler);
        Assert.True(PageOptionNames.TryParsePreset("detailed", out var d) && d == AgePreset.Detailed);
        Assert.False(PageOptionNames.TryParsePreset("baby", out _));
    }

    private sealed class SynchronousProgress(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}
