using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Tests.Engine;

/// <summary>The subject's silhouette inside a drawn box (<see cref="SubjectShape"/>, ADR 0017): found by colour where
/// lightness does not separate it, cut into the segmentation, and drawn on the page.</summary>
public class SubjectShapeTests
{
    private const int W = 320, H = 280;

    /// <summary>A dark picture: a brown blob (an ellipse) on a blue ground of about the same lightness, both with noise.</summary>
    private static LabImage DarkBlobOnDarkGround(bool sameColour = false)
    {
        var photo = TestImages.Encode(W, H, SKEncodedImageFormat.Png, canvas =>
        {
            canvas.Clear(new SKColor(22, 28, 52));
            using var fur = new SKPaint { Color = sameColour ? new SKColor(22, 28, 52) : new SKColor(52, 34, 22), IsAntialias = true };
            canvas.DrawOval(160, 140, 80, 65, fur);
            var random = new Random(5);
            using var speck = new SKPaint();
            for (var i = 0; i < 3000; i++)
            {
                var v = (byte)random.Next(0, 30);
                speck.Color = new SKColor(v, v, v, 90);
                canvas.DrawRect(random.Next(W), random.Next(H), 2, 2, speck);
            }
        });
        var image = PhotoReader.DecodeForWork(photo, W, out _);
        var lab = Segmenter.ToLab(image);
        Segmenter.NormalizeContrast(lab);
        return lab;
    }

    private static bool InEllipse(int x, int y, double grow) =>
        Math.Pow((x + 0.5 - 160) / (80 * grow), 2) + Math.Pow((y + 0.5 - 140) / (65 * grow), 2) <= 1;

    [Fact]
    public void TheSilhouetteOfADarkBlobOnADarkGroundIsFoundByItsColour()
    {
        var shape = SubjectShape.Find(DarkBlobOnDarkGround(), (40, 28, 280, 252));
        Assert.NotNull(shape);
        int inside = 0, insideTotal = 0, outside = 0, outsideTotal = 0;
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                if (InEllipse(x, y, 0.85))
                {
                    insideTotal++;
                    inside += shape.Contains(x, y) ? 1 : 0;
                }
                else if (!InEllipse(x, y, 1.2))
                {
                    outsideTotal++;
                    outside += shape.Contains(x, y) ? 1 : 0;
                }
            }
        }

        Assert.True(inside >= 0.97 * insideTotal, $"blob inside the silhouette {inside}/{insideTotal}");
        Assert.True(outside <= 0.02 * outsideTotal, $"ground inside the silhouette {outside}/{outsideTotal}");
        // Nothing outside the box, ever.
        Assert.False(shape.Contains(10, 10));
        Assert.False(shape.Contains(W - 5, H - 5));
    }

    [Fact]
    public void ColoursThatDoNotSeparateGiveNoSilhouette() =>
        Assert.Null(SubjectShape.Find(DarkBlobOnDarkGround(sameColour: true), (40, 28, 280, 252)));

    [Fact]
    public void ABoxOverTheWholePictureOrATinyBoxGivesNoSilhouette()
    {
        var lab = DarkBlobOnDarkGround();
        Assert.Null(SubjectShape.Find(lab, (0, 0, W, H)));
        Assert.Null(SubjectShape.Find(lab, (150, 130, 154, 134)));
    }

    [Fact]
    public void NoBoxAFoundBoxOrAKeptBackgroundGiveNoSilhouette()
    {
        var lab = DarkBlobOnDarkGround();
        var box = new SubjectBox(0.125, 0.1, 0.875, 0.9);
        Assert.Null(SubjectShape.Find(lab, null));
        Assert.Null(SubjectShape.Find(lab, new SubjectFocus(box, BackgroundMode.Simplify, Given: false)));
        Assert.Null(SubjectShape.Find(lab, new SubjectFocus(box, BackgroundMode.Keep, Given: true)));
        Assert.NotNull(SubjectShape.Find(lab, new SubjectFocus(box, BackgroundMode.LeaveOut, Given: true)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CuttingSplitsEverySegmentAlongTheSilhouette(bool leaveOut)
    {
        var shape = SubjectShape.Find(DarkBlobOnDarkGround(), (40, 28, 280, 252))!;
        // Four segments: the picture's quarters, each crossing the silhouette.
        var labels = new int[W * H];
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                labels[y * W + x] = (x < 160 ? 0 : 1) + (y < 140 ? 0 : 2);
            }
        }

        var count = shape.Cut(labels, 4, leaveOut);
        Assert.Equal(leaveOut ? 5 : 8, count);
        var outsideLabels = new HashSet<int>();
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                var l = labels[y * W + x];
                Assert.InRange(l, 0, count - 1);
                if (!shape.Contains(x, y))
                {
                    outsideLabels.Add(l);
                }
            }
        }

        // No label is on both sides.
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                Assert.Equal(!shape.Contains(x, y), outsideLabels.Contains(labels[y * W + x]));
            }
        }

        Assert.Equal(leaveOut ? 1 : 4, outsideLabels.Count);
    }

    // Issue #16's done-when: the dark dog on its dark blanket, with a box drawn around it, gives a page with its outline.
    // Before the silhouette its kids page was a fur jigsaw even with the box: the dog's outline against the blanket was
    // merged away (the two are alike in lightness and colour distance). Now most of the silhouette's edge has ink on it.
    [Theory]
    [InlineData(AgePreset.Toddler)]
    [InlineData(AgePreset.Kids)]
    [InlineData(AgePreset.Detailed)]
    public void TheDarkDogWithABoxGetsItsOutline(AgePreset preset)
    {
        var box = new SubjectBox(0.05, 0.05, 0.95, 0.95);
        var photo = TestImages.Photo("dog-dark-indoor.jpg");
        var page = new LocalPageGenerator().Generate(photo, new PageOptions(preset) { Subject = box, Background = BackgroundMode.LeaveOut });
        Assert.True(page.Metrics.Passed, string.Join("; ", page.Metrics.Failures));

        int w = page.Metrics.WorkingWidth, h = page.Metrics.WorkingHeight;
        var image = PhotoReader.DecodeForWork(photo, Math.Max(w, h), out _);
        var lab = Segmenter.ToLab(image);
        Segmenter.NormalizeContrast(lab);
        var focus = new SubjectFocus(box, BackgroundMode.LeaveOut, Given: true);
        var shape = SubjectShape.Find(lab, focus.Pixels(w, h));
        Assert.NotNull(shape);
        Assert.InRange(shape.Share, 0.35, 0.8);

        using var bitmap = SKBitmap.Decode(page.Png);
        var layout = PageLayout.Fit(Paper.A4, w, h);
        var reach = 2.5 * page.Drawing.StrokeWidth;
        int edge = 0, inked = 0;
        for (var y = 1; y < h - 1; y += 2)
        {
            for (var x = 1; x < w - 1; x += 2)
            {
                if (!shape.Contains(x, y) || (shape.Contains(x - 1, y) && shape.Contains(x + 1, y) && shape.Contains(x, y - 1) && shape.Contains(x, y + 1)))
                {
                    continue;
                }

                edge++;
                var (px, py) = (layout.OffsetX + (x + 0.5) * layout.Scale, layout.OffsetY + (y + 0.5) * layout.Scale);
                inked += InkNear(bitmap, px, py, reach) ? 1 : 0;
            }
        }

        Assert.True(edge > 50, $"silhouette edge samples {edge}");
        Assert.True(inked >= 0.8 * edge, $"silhouette traced {inked}/{edge}");
    }

    private static bool InkNear(SKBitmap bitmap, double x, double y, double radius)
    {
        for (var dy = -radius; dy <= radius; dy += 2)
        {
            for (var dx = -radius; dx <= radius; dx += 2)
            {
                int px = (int)(x + dx), py = (int)(y + dy);
                if (px >= 0 && py >= 0 && px < bitmap.Width && py < bitmap.Height && bitmap.GetPixel(px, py).Red < 128)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
