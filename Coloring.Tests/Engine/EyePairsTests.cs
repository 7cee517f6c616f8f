using Coloring.Engine;

namespace Coloring.Tests.Engine;

/// <summary>The eye pair finder (<see cref="EyePairs"/>): two like blobs side by side in the upper half, and nothing else.</summary>
public class EyePairsTests
{
    private const int W = 300, H = 240;

    /// <summary>A mid-grey picture (L 50) with discs of the given lightness, plus a faint deterministic texture.</summary>
    private static float[] Picture(params (double X, double Y, double R, float L)[] discs)
    {
        var random = new Random(3);
        var l = new float[W * H];
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                var v = 50f + (float)(random.NextDouble() * 4 - 2);
                foreach (var (cx, cy, r, dl) in discs)
                {
                    if ((x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy) <= r * r)
                    {
                        v = dl;
                    }
                }

                l[y * W + x] = v;
            }
        }

        return l;
    }

    [Fact]
    public void TwoLightEyesSideBySideAreFoundWhereTheyAre()
    {
        var eyes = EyePairs.Find(Picture((100, 80, 10, 85), (200, 84, 10, 85)), W, H, 6, 30);
        Assert.Equal(2, eyes.Count);
        var (left, right) = (eyes.MinBy(e => e.X)!, eyes.MaxBy(e => e.X)!);
        Assert.InRange(left.X, 94, 106);
        Assert.InRange(left.Y, 74, 86);
        Assert.InRange(right.X, 194, 206);
        Assert.InRange(right.Y, 78, 90);
        Assert.All(eyes, e => Assert.InRange(e.Radius, 6, 16));
        // Each part is the disc's pixels: inside the picture, about the area of a disc of its radius.
        Assert.All(eyes, e => Assert.InRange(e.Pixels.Length, Math.PI * e.Radius * e.Radius * 0.8, Math.PI * e.Radius * e.Radius * 1.25));
        Assert.All(eyes, e => Assert.All(e.Pixels, p => Assert.InRange(p, 0, W * H - 1)));
    }

    [Fact]
    public void TwoDarkEyesOnALightFaceAreFoundToo()
    {
        Assert.Equal(2, EyePairs.Find(Picture((110, 70, 9, 10), (190, 70, 9, 10)), W, H, 6, 30).Count);
    }

    [Fact]
    public void OneEyeAloneIsNoPair() =>
        Assert.Empty(EyePairs.Find(Picture((100, 80, 10, 85)), W, H, 6, 30));

    [Fact]
    public void AFlatPictureHasNoEyes() =>
        Assert.Empty(EyePairs.Find(new float[W * H], W, H, 6, 30));

    [Fact]
    public void ALightAndADarkBlobAreNotAPair() =>
        Assert.Empty(EyePairs.Find(Picture((100, 80, 10, 85), (200, 80, 10, 10)), W, H, 6, 30));

    [Fact]
    public void BlobsOneAboveTheOtherAreNotAPair() =>
        Assert.Empty(EyePairs.Find(Picture((150, 40, 10, 85), (160, 110, 10, 85)), W, H, 6, 30));

    [Fact]
    public void APairInTheLowerHalfIsNotTakenForEyes() =>
        Assert.Empty(EyePairs.Find(Picture((100, 180, 10, 85), (200, 180, 10, 85)), W, H, 6, 30));

    [Fact]
    public void BlobsTooFarApartForTheirSizeAreNotAPair() =>
        Assert.Empty(EyePairs.Find(Picture((20, 80, 7, 85), (285, 80, 7, 85)), W, H, 6, 30));

    [Fact]
    public void ATinyPictureOrAnImpossibleSizeRangeFindsNothing()
    {
        Assert.Empty(EyePairs.Find(new float[20 * 20], 20, 20, 2, 10));
        Assert.Empty(EyePairs.Find(Picture((100, 80, 10, 85), (200, 84, 10, 85)), W, H, 40, 30));
    }

    [Fact]
    public void TheSamePictureGivesTheSamePairEveryTime()
    {
        var picture = Picture((100, 80, 10, 85), (200, 84, 10, 85), (150, 170, 12, 20));
        var first = EyePairs.Find(picture, W, H, 6, 30);
        var second = EyePairs.Find(picture, W, H, 6, 30);
        Assert.Equal(first.Select(e => (e.X, e.Y, e.Radius)), second.Select(e => (e.X, e.Y, e.Radius)));
    }

    // Two rings closer than eight radii read as the lenses of spectacles, not as eyes (the black-hat portrait's cheeks
    // under its eyes were paired at 4.7 radii and drawn as two large rings, ADR 0017).
    [Theory]
    [InlineData(60)]
    [InlineData(75)]
    public void BlobsTooCloseForTheirSizeAreNotAPairOfEyes(double apart) =>
        Assert.Empty(EyePairs.Find(Picture((120, 80, 12, 85), (120 + apart, 80, 12, 85)), W, H, 10, 30));

    [Fact]
    public void BlobsJustFarEnoughApartAreAPair() =>
        Assert.Equal(2, EyePairs.Find(Picture((100, 80, 12, 85), (200, 80, 12, 85)), W, H, 10, 30).Count);

    // A tilted head (the dark dog's eyes rise 0.23 of their run) keeps its eyes; a steeper pair is no pair.
    [Fact]
    public void ATiltedPairIsFoundUpToAQuarterOfItsRun()
    {
        Assert.Equal(2, EyePairs.Find(Picture((100, 70, 10, 85), (200, 92, 10, 85)), W, H, 6, 30).Count);
        Assert.Empty(EyePairs.Find(Picture((100, 60, 10, 85), (200, 100, 10, 85)), W, H, 6, 30));
    }

    [Fact]
    public void WithADrawnBoxOnlyAPairInsideItCounts()
    {
        var picture = Picture((100, 80, 10, 85), (200, 84, 10, 85));
        Assert.Equal(2, EyePairs.Find(picture, W, H, 6, 30, (60, 30, 250, 150)).Count);
        Assert.Empty(EyePairs.Find(picture, W, H, 6, 30, (60, 30, 180, 150)));
        Assert.Empty(EyePairs.Find(picture, W, H, 6, 30, (0, 100, W, H)));
    }

    /// <summary>The smallest part kids' regions stage keeps, in working pixels, as the generator asks the finder for.</summary>
    private static double KidsSmallestRadius(int w, int h)
    {
        var scale = PageLayout.Fit(Paper.A4, w, h).Scale;
        var side = 0.40 * PageLayout.Dpi;
        return ClosedParts.SmallestRadius(scale, 3.5 * PageLayout.Dpi / 72, side * side);
    }

    /// <summary>The largest: the smallest region's side or 4 % of the picture, whichever is larger (as the generator).</summary>
    private static double KidsLargestRadius(int w, int h) =>
        Math.Max(0.40 * PageLayout.Dpi / PageLayout.Fit(Paper.A4, w, h).Scale, 0.04 * Math.Min(w, h));

    private static (float[] L, int W, int H) Luminance(string photo, int side)
    {
        var image = PhotoReader.DecodeForWork(TestImages.Photo(photo), side, out _);
        var lab = Segmenter.ToLab(image);
        Segmenter.NormalizeContrast(lab);
        return (lab.L, image.Width, image.Height);
    }

    // The black-hat portrait at kids' working size: with four radii allowed, the light cheeks under the eyes were paired
    // as two rings 4.7 radii apart, drawn over the eyes like spectacles. The mandrill's eyes, 13.6 radii apart, stay.
    [Fact]
    public void TheBlackHatPortraitGetsNoSpectaclesAndTheMandrillKeepsItsEyes()
    {
        var (hat, hw, hh) = Luminance("People/face-woman-black-hat-curly-hair.jpg", 556);
        // No lens-sized ring on the face (its annotated box); the finder still pairs the hat brim's two tips (x 0.16 and
        // 0.84), which is no face either: it has no face finder (ADR 0017).
        Assert.DoesNotContain(EyePairs.Find(hat, hw, hh, KidsSmallestRadius(hw, hh), KidsLargestRadius(hw, hh)),
            e => e.Radius > 0.03 * hw && e.X / hw is > 0.37 and < 0.67 && e.Y / hh is > 0.18 and < 0.54);
        var (mandrill, mw, mh) = Luminance("mandrill-face.jpg", 500);
        var eyes = EyePairs.Find(mandrill, mw, mh, KidsSmallestRadius(mw, mh), KidsLargestRadius(mw, mh));
        Assert.Equal(2, eyes.Count);
        Assert.All(eyes, e => Assert.InRange(e.Y / mh, 0.08, 0.16));
    }
}
