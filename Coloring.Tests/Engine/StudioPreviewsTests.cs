using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Tests.Engine;

/// <summary>The studio's preview is the page Generate makes, drawn small.</summary>
public class StudioPreviewsTests
{
    private static readonly LocalPageGenerator Generator = new();

    public static TheoryData<string, PageOptions> PhotosAndOptions() => new()
    {
        { "house.jpg", new PageOptions(AgePreset.Kids) },
        { "dog-dark-indoor.jpg", new PageOptions(AgePreset.Toddler, Paper.Letter, LinePt: 7, Subject: new SubjectBox(0.2, 0.25, 0.8, 0.95), Background: BackgroundMode.Simplify) },
        { "squirrel.jpg", new PageOptions(AgePreset.Detailed, Detail: 1.5, Turns: 1, Crop: new CropBox(0.1, 0.2, 0.9, 0.8)) },
        { "fruits.jpg", new PageOptions(AgePreset.Kids, Detail: -2, Background: BackgroundMode.LeaveOut, Subject: new SubjectBox(0.3, 0.3, 0.7, 0.7), Turns: 2) },
    };

    [Theory]
    [MemberData(nameof(PhotosAndOptions))]
    public async Task GenerateMakesThePreviewedPageAtPrintSize(string photoName, PageOptions options)
    {
        var photo = TestImages.Photo(photoName);
        var preview = await new StudioPreviews(64 << 20).RenderAsync(photoName, _ => Task.FromResult(photo), options, Mark, CancellationToken.None);
        var page = Generator.Generate(photo, options);

        Assert.Equal((page.Width, page.Height, page.Orientation), (preview.PageWidth, preview.PageHeight, preview.Orientation));
        Assert.Equal(StudioPreviews.LongSide, Math.Max(preview.Width, preview.Height));
        Assert.Equal((double)page.Width / page.Height, (double)preview.Width / preview.Height, 2);
        using (var decoded = SKBitmap.Decode(preview.Png))
        {
            Assert.Equal((preview.Width, preview.Height), (decoded.Width, decoded.Height));
        }

        // The page's own 1024 px preview is the 300 DPI PNG scaled down: the studio's preview has its ink in the same places.
        var agreement = PageInk.Agreement(PageInk.Grid(preview.Png, 64), PageInk.Grid(page.PreviewPng, 64));
        Assert.True(agreement > 0.95, $"{photoName}: ink agrees in {agreement:P0} of the cells");
    }

    [Fact]
    public async Task ADifferentOptionGivesADifferentPreview()
    {
        var photo = TestImages.Photo("house.jpg");
        var previews = new StudioPreviews(64 << 20);
        var kids = await previews.RenderAsync("house", _ => Task.FromResult(photo), new PageOptions(AgePreset.Kids), Mark, CancellationToken.None);
        var detailed = await previews.RenderAsync("house", _ => Task.FromResult(photo), new PageOptions(AgePreset.Kids, Detail: 2), Mark, CancellationToken.None);

        Assert.True(PageInk.Agreement(PageInk.Grid(kids.Png, 64), PageInk.Grid(detailed.Png, 64)) < 0.95);
    }

    [Fact]
    public async Task ThePreviewCarriesTheMarkAndIsNeverPrintSize()
    {
        var photo = TestImages.Photo("house.jpg");
        var previews = new StudioPreviews();
        var marked = await previews.RenderAsync("house", _ => Task.FromResult(photo), new PageOptions(), Mark, CancellationToken.None);
        var plain = await previews.RenderAsync("house", _ => Task.FromResult(photo), new PageOptions(), null, CancellationToken.None);

        Assert.True(Math.Max(marked.Width, marked.Height) < marked.PageWidth / 2);
        Assert.True(LightGreyPixels(marked.Png) > LightGreyPixels(plain.Png) + 1000, "the mark adds light grey pixels");
    }

    [Fact]
    public async Task ACancelledPreviewIsAbandoned()
    {
        var photo = TestImages.Photo("house.jpg");
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new StudioPreviews().RenderAsync("house", _ => Task.FromResult(photo), new PageOptions(), Mark, cancel.Token));
    }

    internal static PreviewMark Mark { get; } = new("Preview", Coloring.Domain.Export.PdfFont.Typeface);

    private static int LightGreyPixels(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                count += bitmap.GetPixel(x, y).Red is > 180 and < 250 ? 1 : 0;
            }
        }

        return count;
    }
}
