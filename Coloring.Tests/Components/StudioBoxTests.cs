using Coloring.Engine;
using Coloring.Web.Components.Pages.Create;

namespace Coloring.Tests.Components;

/// <summary>The studio's boxes always make a valid subject or crop for the engine, whatever the pointer or keys did.</summary>
public class StudioBoxTests
{
    [Fact]
    public void EveryBoxAPointerCanMakeIsOneTheEngineTakes()
    {
        var random = new Random(16);
        for (var i = 0; i < 20_000; i++)
        {
            var box = StudioBox.Between(random.NextDouble() * 3 - 1, random.NextDouble() * 3 - 1, random.NextDouble() * 3 - 1, random.NextDouble() * 3 - 1)!.Value;
            _ = new SubjectBox(box.Left, box.Top, box.Right, box.Bottom);
            _ = new CropBox(box.Left, box.Top, box.Right, box.Bottom);
            var moved = box.Moved(random.NextDouble() - 0.5, random.NextDouble() - 0.5).Resized(random.NextDouble() - 0.5, random.NextDouble() - 0.5).Turned(i % 2 == 0);
            _ = new SubjectBox(moved.Left, moved.Top, moved.Right, moved.Bottom);
        }
    }

    [Fact]
    public void FourQuarterTurnsBringABoxBack()
    {
        var box = StudioBox.Between(0.1, 0.2, 0.4, 0.9)!.Value;

        Assert.Equal(box, box.Turned(true).Turned(true).Turned(true).Turned(true));
        Assert.Equal(box, box.Turned(true).Turned(false));
    }

    [Theory]
    [InlineData(1, 4.0 / 3, 0.125, 0, 0.875, 1)] // a square on a 4:3 photo
    [InlineData(1, 0.75, 0, 0.125, 1, 0.875)] // a square on a 3:4 photo
    [InlineData(2, 1, 0, 0.25, 1, 0.75)] // a wide shape on a square photo
    public void ACentredShapeIsTheLargestThatFits(double shape, double aspect, double left, double top, double right, double bottom) =>
        Assert.Equal(StudioBox.Between(left, top, right, bottom), StudioBox.Centred(shape, aspect));
}
