using Coloring.Engine;

namespace Coloring.Tests.Engine;

public class PageInspectorTests
{
    private const int W = 400, H = 300;

    private static byte[] Blank() => new byte[W * H];

    private static void Fill(byte[] ink, int x0, int y0, int x1, int y1)
    {
        for (var y = y0; y < y1; y++)
        {
            ink.AsSpan(y * W + x0, x1 - x0).Fill(1);
        }
    }

    private static PageMeasurement Measure(byte[] ink, double strokeWidth = 5) =>
        PageInspector.Measure(ink, W, H, strokeWidth, minRegionSidePx: 10, strokeLength: 1000);

    [Fact]
    public void InkRunsTouchingOnlyAtACornerAreOnePiece()
    {
        var pieces = RunComponents.OfInk([(0, 10, 20), (1, 20, 30), (1, 40, 41), (2, 41, 42)], H).Components;
        Assert.Equal([20, 2], pieces.Select(c => c.Area));
        Assert.Equal(new RunComponents.Component(1, 20, 10, 0, 29, 1), pieces[0]);
    }

    [Fact]
    public void InkRunsAPixelApartOrARowApartAreSeparatePieces()
    {
        var pieces = RunComponents.OfInk([(0, 10, 20), (1, 21, 30), (3, 10, 20)], H).Components;
        Assert.Equal([10, 9, 10], pieces.Select(c => c.Area));
    }

    [Fact]
    public void InkOnTheFirstAndLastRowsIsCounted()
    {
        var pieces = RunComponents.OfInk([(0, 0, 5), (H - 1, 0, 5)], H).Components;
        Assert.Equal([5, 5], pieces.Select(c => c.Area));
    }

    [Fact]
    public void ThickInkMeetingAtACornerIsOneSolidBlob()
    {
        // Two solid squares whose eroded cores meet only corner to corner: one blob when ink is 8-connected.
        var one = Blank();
        Fill(one, 50, 50, 110, 110);
        var two = Blank();
        Fill(two, 50, 50, 110, 110);
        Fill(two, 102, 102, 162, 162);
        var single = Measure(one).LargestBlobShare;
        var joined = Measure(two).LargestBlobShare;
        Assert.True(single > 0);
        Assert.True(joined > single * 1.5, $"one square {single}, two joined {joined}");
    }

    [Fact]
    public void ThickInkApartIsTwoBlobsAndTheLargerCounts()
    {
        var ink = Blank();
        Fill(ink, 20, 20, 80, 80);
        Fill(ink, 200, 100, 290, 190);
        var big = Blank();
        Fill(big, 200, 100, 290, 190);
        Assert.Equal(Measure(big).LargestBlobShare, Measure(ink).LargestBlobShare);
    }

    [Fact]
    public void WhiteMeetingOnlyDiagonallyIsTwoRegions()
    {
        // A one-pixel outline missing its top-left corner pixel: inside and outside white touch only diagonally there,
        // while the ink stays one piece through the same corner.
        var ink = Blank();
        Fill(ink, 100, 100, 200, 101);
        Fill(ink, 100, 199, 200, 200);
        Fill(ink, 100, 100, 101, 200);
        Fill(ink, 199, 100, 200, 200);
        ink[100 * W + 100] = 0;
        var m = Measure(ink);
        Assert.Equal(1, m.Regions); // the inside; the outside touches the page edge and is no region to color
        Assert.Equal(0, m.Specks);
        Assert.Equal(0, m.LargestBlobShare);
        Assert.Equal(2, new RunComponents(ink, W, H).Components.Count(c => c.Value == 0));
        Assert.Equal(1, new RunComponents(ink, W, H).Components.Count(c => c.Value == 1));
    }

    [Fact]
    public void InkThatIsOnlyDotsIsSpecks()
    {
        var ink = Blank();
        Fill(ink, 10, 10, 12, 12);
        Fill(ink, 300, 200, 302, 203);
        Assert.Equal(2, Measure(ink).Specks);
    }

    [Fact]
    public void ABlankPageHasNoInkNoRegionsAndNoBlob()
    {
        var m = Measure(Blank());
        Assert.Equal(0, m.InkCoverage);
        Assert.Equal(0, m.Regions);
        Assert.Equal(0, m.LargestBlobShare);
    }
}
