using Coloring.Engine;

namespace Coloring.Tests.Engine;

/// <summary>Small light parts ringed by a dark line (an eye inside its rim) are found and carved into the regions.</summary>
public class ClosedPartsTests
{
    private const int Size = 200;
    private const double RimLevel = 1.8, MinRadius = 6, MaxRadius = 25;

    /// <summary>A mid-grey, slightly noisy ground; <paramref name="draw"/> paints on it (L values, 0..100).</summary>
    private static float[] Ground(Action<float[]> draw)
    {
        var l = new float[Size * Size];
        var random = new Random(5);
        for (var i = 0; i < l.Length; i++)
        {
            l[i] = 70 + (float)(random.NextDouble() * 6 - 3);
        }

        draw(l);
        return l;
    }

    /// <summary>Paints the ring between two radii, only where the angle (degrees, 0 = right, clockwise) is outside the gap.</summary>
    private static void Ring(float[] l, double cx, double cy, double inner, double outer, float value, double gapFrom = 0, double gapTo = 0)
    {
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy, d = Math.Sqrt(dx * dx + dy * dy);
                var angle = (Math.Atan2(dy, dx) * 180 / Math.PI + 360) % 360;
                if (d >= inner && d < outer && !(angle >= gapFrom && angle < gapTo))
                {
                    l[y * Size + x] = value;
                }
            }
        }
    }

    /// <summary>An eye: a light disc (L 88) inside a 3 px dark rim (L 20).</summary>
    private static void Eye(float[] l, double cx, double cy, double r, double gapFrom = 0, double gapTo = 0)
    {
        Ring(l, cx, cy, 0, r, 88);
        Ring(l, cx, cy, r, r + 3, 20, gapFrom, gapTo);
    }

    private static List<ClosedPart> Find(float[] l, float subject = 1, int maxParts = 4)
    {
        var response = DetailLines.Response(l, Size, Size, 1.6);
        var saliency = Enumerable.Repeat(subject, Size * Size).ToArray();
        return ClosedParts.Find(response, l, saliency, Size, Size, RimLevel, MinRadius, MaxRadius, maxParts);
    }

    [Fact]
    public void LightDiscInsideADarkRimIsFoundWhereItIs()
    {
        var part = Assert.Single(Find(Ground(l => Eye(l, 100, 90, 12))));
        Assert.InRange(part.X, 97, 103);
        Assert.InRange(part.Y, 87, 93);
        Assert.InRange(part.Radius, 9, 14);
        // The part is the disc: its pixels lie inside the rim and cover most of the disc.
        Assert.All(part.Pixels, p => Assert.True(Math.Sqrt(Math.Pow(p % Size + 0.5 - 100, 2) + Math.Pow(p / Size + 0.5 - 90, 2)) < 14));
        Assert.InRange(part.Pixels.Length, 0.6 * Math.PI * 144, 1.2 * Math.PI * 144);
    }

    [Fact]
    public void TwoEyesAreFoundAndTheLimitKeepsTheStrongest()
    {
        var l = Ground(l =>
        {
            Eye(l, 60, 100, 12);
            Eye(l, 140, 100, 12);
            // A weaker rim on the right eye's twin below: paler line, same size.
            Ring(l, 100, 160, 0, 12, 88);
            Ring(l, 100, 160, 12, 15, 50);
        });
        Assert.Equal(3, Find(l).Count);
        var two = Find(l, maxParts: 2);
        Assert.Equal(2, two.Count);
        Assert.All(two, p => Assert.True(p.Y < 130, $"the pale-rimmed part at {p.X:0},{p.Y:0} was kept over a clear one"));
    }

    [Fact]
    public void RimWithAWideGapIsNotAPart()
    {
        // A "C": a quarter of the rim is missing, so the disc runs into the ground.
        Assert.Empty(Find(Ground(l => Eye(l, 100, 100, 12, gapFrom: 300, gapTo: 390))));
        Assert.Empty(Find(Ground(l => Eye(l, 100, 100, 12, gapFrom: 0, gapTo: 90))));
    }

    [Fact]
    public void SmallGapInTheRimIsBridged()
    {
        // An eye's rim often breaks at a highlight: a gap of one ray's width or two is drawn at the rim's radius.
        Assert.Single(Find(Ground(l => Eye(l, 100, 100, 12, gapFrom: 80, gapTo: 95))));
    }

    [Fact]
    public void DarkDiscIsLeftToTheSegmentation()
    {
        // A dark disc is a hole in the line response too, but not a light part: the segmentation keeps dark discs.
        Assert.Empty(Find(Ground(l => Ring(l, 100, 100, 0, 14, 20))));
    }

    [Fact]
    public void FaintRimIsNotAPart()
    {
        Assert.Empty(Find(Ground(l =>
        {
            // Light enough inside, but the line around it is barely darker than the ground (a shadow, not a rim).
            Ring(l, 100, 100, 0, 12, 88);
            Ring(l, 100, 100, 12, 15, 66);
        })));
    }

    [Fact]
    public void PartOffTheSubjectIsIgnored()
    {
        Assert.Empty(Find(Ground(l => Eye(l, 100, 100, 12)), subject: 0.3f));
    }

    [Theory]
    [InlineData(3)]  // smaller than the smallest region the regions stage keeps
    [InlineData(40)] // larger than a part: the segmentation finds it by itself
    public void PartsOutsideTheSizeRangeAreIgnored(double radius)
    {
        Assert.Empty(Find(Ground(l => Eye(l, 100, 100, radius))));
    }

    [Fact]
    public void BlankAndEdgePicturesFindNothingAndDoNotFail()
    {
        Assert.Empty(Find(Ground(_ => { })));
        Assert.Empty(Find(Ground(l => Array.Fill(l, 100f))));
        // An eye cut by the picture's edge: the rays leave the picture.
        Assert.Empty(Find(Ground(l => Eye(l, 4, 100, 12))));
        var tiny = new float[9];
        Assert.Empty(ClosedParts.Find(tiny, tiny, new float[9], 3, 3, RimLevel, MinRadius, MaxRadius, 4));
        Assert.Empty(ClosedParts.Find(DetailLines.Response(Ground(l => Eye(l, 100, 100, 12)), Size, Size, 1.6),
            Ground(l => Eye(l, 100, 100, 12)), Enumerable.Repeat(1f, Size * Size).ToArray(), Size, Size, RimLevel, MinRadius, MaxRadius, 0));
    }

    [Fact]
    public void CarvingGivesThePartItsOwnRegionAndSplitsASegmentItCutsInTwo()
    {
        // Three segments: top half (0), bottom half (1), and a thin band (2) across the middle that the part cuts.
        var labels = new int[Size * Size];
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                labels[y * Size + x] = y is >= 98 and < 102 ? 2 : y < 100 ? 0 : 1;
            }
        }

        var part = new ClosedPart(100, 100, 12, Disc(100, 100, 12));
        var count = ClosedParts.Carve(labels, 3, Size, Size, [part], out var parts);

        Assert.Equal(5, count); // the three segments, the part, the band's second piece
        var partLabel = labels[100 * Size + 100];
        Assert.True(parts[partLabel]);
        Assert.All(part.Pixels, p => Assert.Equal(partLabel, labels[p]));
        Assert.Equal(1, parts.Count(p => p));
        int left = labels[100 * Size + 10], right = labels[100 * Size + 190];
        Assert.NotEqual(left, right);
        Assert.False(parts[left]);
        Assert.False(parts[right]);
        Assert.Equal(0, labels[10 * Size + 100]);
        Assert.Equal(1, labels[190 * Size + 100]);
    }

    [Fact]
    public void PartThatIsAlreadyARegionIsNotCarvedAgain()
    {
        var disc = Disc(100, 100, 12);
        var labels = new int[Size * Size];
        foreach (var p in disc)
        {
            labels[p] = 1;
        }

        var before = (int[])labels.Clone();
        var count = ClosedParts.Carve(labels, 2, Size, Size, [new ClosedPart(100, 100, 12, disc)], out var parts);
        Assert.Equal(2, count);
        Assert.Equal(before, labels);
        Assert.DoesNotContain(true, parts);
    }

    [Fact]
    public void SmallestRadiusGrowsWithTheLineAndTheSmallestRegion()
    {
        var kids = ClosedParts.SmallestRadius(4.5, 14.6, 120 * 120);
        Assert.InRange(kids, 8, 12);
        Assert.True(ClosedParts.SmallestRadius(4.5, 25, 120 * 120) > kids);
        Assert.True(ClosedParts.SmallestRadius(4.5, 14.6, 225 * 225) > kids);
        // The white left inside the smallest part's outline is 0.3 of the smallest region.
        var white = Math.PI * kids * kids * 4.5 * 4.5 - 2 * Math.PI * kids / 1.2 * 4.5 * 14.6 / 2;
        Assert.Equal(0.3 * 120 * 120, white, 1e-6 * white);
    }

    private static int[] Disc(double cx, double cy, double r) =>
        [.. Enumerable.Range(0, Size * Size).Where(p => Math.Pow(p % Size + 0.5 - cx, 2) + Math.Pow(p / Size + 0.5 - cy, 2) < r * r)];
}
