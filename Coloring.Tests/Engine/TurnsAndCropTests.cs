using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Tests.Engine;

/// <summary>The studio's turns and crop: applied to the upright photo before anything else, and the page follows them.</summary>
public class TurnsAndCropTests
{
    private static readonly LocalPageGenerator Generator = new();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void AQuarterTurnGivesAPageInTheOtherOrientation(int turns)
    {
        var photo = TestImages.Photo("house.jpg");
        var upright = Generator.Generate(photo, new PageOptions(AgePreset.Kids));
        var turned = Generator.Generate(photo, new PageOptions(AgePreset.Kids, Turns: turns));

        Assert.NotEqual(upright.Orientation, turned.Orientation);
        Assert.Equal((upright.Metrics.WorkingWidth, upright.Metrics.WorkingHeight), (turned.Metrics.WorkingHeight, turned.Metrics.WorkingWidth));
        Assert.True(turned.Metrics.Passed, string.Join("; ", turned.Metrics.Failures));
    }

    [Fact]
    public void AHalfTurnKeepsTheOrientationAndPutsTheInkUpsideDown()
    {
        var photo = TestImages.Photo("dog.png");
        var upright = Generator.Generate(photo, new PageOptions(AgePreset.Kids));
        var turned = Generator.Generate(photo, new PageOptions(AgePreset.Kids, Turns: 2));

        Assert.Equal(upright.Orientation, turned.Orientation);
        var a = PageInk.Grid(upright.PreviewPng, 48);
        var b = PageInk.Grid(turned.PreviewPng, 48);
        Assert.True(PageInk.Agreement(a, PageInk.HalfTurned(b)) > PageInk.Agreement(a, b) + 0.1,
            $"turned back {PageInk.Agreement(a, PageInk.HalfTurned(b)):0.00}, as is {PageInk.Agreement(a, b):0.00}");
    }

    [Fact]
    public void ACropGivesTheSamePageAsThePhotoCroppedBeforehand()
    {
        var photo = TestImages.Photo("house.jpg");
        var crop = new CropBox(0.15, 0.1, 0.75, 0.95);
        var cropped = Generator.Generate(photo, new PageOptions(AgePreset.Kids, Crop: crop));
        var beforehand = Generator.Generate(Cropped(photo, crop), new PageOptions(AgePreset.Kids));
        var elsewhere = Generator.Generate(Cropped(photo, new CropBox(0.25, 0.05, 0.85, 0.9)), new PageOptions(AgePreset.Kids));

        Assert.Equal(beforehand.Orientation, cropped.Orientation);
        Assert.InRange(cropped.Metrics.WorkingWidth, beforehand.Metrics.WorkingWidth - 2, beforehand.Metrics.WorkingWidth + 2);
        Assert.InRange(cropped.Metrics.WorkingHeight, beforehand.Metrics.WorkingHeight - 2, beforehand.Metrics.WorkingHeight + 2);
        var same = PageInk.Agreement(PageInk.Grid(cropped.PreviewPng, 48), PageInk.Grid(beforehand.PreviewPng, 48));
        var other = PageInk.Agreement(PageInk.Grid(elsewhere.PreviewPng, 48), PageInk.Grid(beforehand.PreviewPng, 48));
        Assert.True(same >= 0.7 && same > other + 0.1, $"the same crop agrees {same:0.00}, another crop {other:0.00}");
    }

    [Fact]
    public void ATallCropOfAWidePhotoGivesAPortraitPage()
    {
        var photo = TestImages.Photo("house.jpg");
        var whole = Generator.Generate(photo, new PageOptions(AgePreset.Kids));
        var tall = Generator.Generate(photo, new PageOptions(AgePreset.Kids, Crop: new CropBox(0.3, 0, 0.6, 1)));

        Assert.Equal(PageOrientation.Landscape, whole.Orientation);
        Assert.Equal(PageOrientation.Portrait, tall.Orientation);
    }

    [Fact]
    public void TheSubjectBoxIsReadInTheTurnedAndCroppedPicture()
    {
        var photo = TestImages.Photo("dog.png");
        var page = Generator.Generate(photo, new PageOptions(AgePreset.Kids, Subject: new SubjectBox(0.2, 0.2, 0.8, 0.8), Turns: 1,
            Crop: new CropBox(0.1, 0.1, 0.9, 0.9)));

        Assert.True(page.Metrics.Passed, string.Join("; ", page.Metrics.Failures));
        Assert.False(page.Metrics.SubjectFound); // the box given was used, not one the engine found
        Assert.NotNull(page.Metrics.Subject);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(int.MaxValue)]
    public void TurnsOutsideZeroToThreeNameTheField(int turns)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new PageOptions(Turns: turns));
        Assert.Equal(nameof(PageOptions.Turns), ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PageOptions() with { Turns = turns });
    }

    [Theory]
    [InlineData(double.NaN, 0, 1, 1, "Left")]
    [InlineData(0, double.PositiveInfinity, 1, 1, "Top")]
    [InlineData(0, 0, 1.5, 1, "Right")]
    [InlineData(0, 0, 1, -0.1, "Bottom")]
    [InlineData(0.6, 0, 0.4, 1, "Right")]
    [InlineData(0, 0.5, 1, 0.52, "Bottom")]
    [InlineData(0.5, 0, 0.5, 1, "Right")]
    public void ACropOutOfRangeOrInvertedNamesItsSide(double left, double top, double right, double bottom, string field)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new CropBox(left, top, right, bottom));
        Assert.Equal(field, ex.ParamName);
    }

    /// <summary>The photo cut to <paramref name="crop"/> at full size, as someone would before uploading it.</summary>
    private static byte[] Cropped(byte[] photo, CropBox crop)
    {
        using var bitmap = SKBitmap.Decode(photo);
        var rect = SKRectI.Round(new SKRect((float)(crop.Left * bitmap.Width), (float)(crop.Top * bitmap.Height), (float)(crop.Right * bitmap.Width), (float)(crop.Bottom * bitmap.Height)));
        using var part = new SKBitmap(rect.Width, rect.Height);
        Assert.True(bitmap.ExtractSubset(part, rect));
        using var image = SKImage.FromBitmap(part);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}

/// <summary>Where a page's ink is, on a coarse grid, for comparing two pages' geometry.</summary>
internal static class PageInk
{
    /// <summary>The share of ink in each cell of a <paramref name="cells"/>-wide grid over a greyscale preview PNG
    /// (pixels darker than mid grey are ink; a light preview mark is not).</summary>
    public static double[,] Grid(byte[] png, int cells)
    {
        using var bitmap = SKBitmap.Decode(png);
        var rows = Math.Max(1, (int)Math.Round(cells * (double)bitmap.Height / bitmap.Width));
        var grid = new double[rows, cells];
        var counts = new int[rows, cells];
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                int gy = Math.Min(rows - 1, y * rows / bitmap.Height), gx = Math.Min(cells - 1, x * cells / bitmap.Width);
                counts[gy, gx]++;
                if (bitmap.GetPixel(x, y).Red < 128)
                {
                    grid[gy, gx]++;
                }
            }
        }

        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cells; x++)
            {
                grid[y, x] /= Math.Max(1, counts[y, x]);
            }
        }

        return grid;
    }

    /// <summary>Of the cells where either page has ink, the share where both do (1 = ink in all the same places).</summary>
    public static double Agreement(double[,] a, double[,] b)
    {
        Assert.Equal((a.GetLength(0), a.GetLength(1)), (b.GetLength(0), b.GetLength(1)));
        int both = 0, either = 0;
        for (var y = 0; y < a.GetLength(0); y++)
        {
            for (var x = 0; x < a.GetLength(1); x++)
            {
                bool inkA = a[y, x] > 0.01, inkB = b[y, x] > 0.01;
                both += inkA && inkB ? 1 : 0;
                either += inkA || inkB ? 1 : 0;
            }
        }

        return either == 0 ? 1 : (double)both / either;
    }

    public static double[,] HalfTurned(double[,] grid)
    {
        int h = grid.GetLength(0), w = grid.GetLength(1);
        var turned = new double[h, w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                turned[h - 1 - y, w - 1 - x] = grid[y, x];
            }
        }

        return turned;
    }
}
