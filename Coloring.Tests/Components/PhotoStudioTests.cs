using Bunit;
using Coloring.Domain.Storage;
using Coloring.Web.Components.Pages.Create;
using Microsoft.AspNetCore.Components.Web;

namespace Coloring.Tests.Components;

/// <summary>The studio's photo on its own: the subject box by tap, drag and keys, and the crop and turns.</summary>
public class PhotoStudioTests : ComponentTest
{
    private StudioBox? _subject;
    private StudioFraming _framing;
    private readonly List<StudioBox?> _subjects = [];
    private readonly List<StudioFraming> _framings = [];

    [Fact]
    public void ThePhotoIsShownInAFrameOfItsOwnShapeWithItsAlternativeText()
    {
        var studio = Studio(Photo(400, 300));

        Assert.Contains("aspect-ratio: 1.3333;", studio.Find("[data-testid=studio-frame]").GetAttribute("style"));
        Assert.StartsWith("/files/", studio.Find("img[alt='Your photo']").GetAttribute("src"));
        Assert.Empty(studio.FindAll(".studio-box"));
    }

    [Fact]
    public async Task ATapMarksASquareAroundThePointAndASecondTapClearsIt()
    {
        var studio = Studio(Photo(400, 300));

        await studio.InvokeAsync(() => studio.Instance.TappedAsync(0.5, 0.5));

        // 40% of the shorter side (300 px) is 120 px: 0.3 of the width, 0.4 of the height.
        Assert.Equal(StudioBox.Between(0.35, 0.3, 0.65, 0.7), _subject);
        Assert.Equal("Subject box, 35% to 65% across, 30% to 70% down", studio.Find(".subject-box").GetAttribute("aria-label"));

        await studio.InvokeAsync(() => studio.Instance.TappedAsync(0.9, 0.9));

        Assert.Null(_subject);
        Assert.Empty(studio.FindAll(".subject-box"));
    }

    [Fact]
    public async Task ATapNearACornerMakesABoxThatStaysInsideThePhoto()
    {
        var studio = Studio(Photo(300, 300));

        await studio.InvokeAsync(() => studio.Instance.TappedAsync(0.99, 0.01));

        Assert.Equal(StudioBox.Between(0.6, 0, 1, 0.4), _subject);
    }

    [Fact]
    public async Task ADragFromAnyCornerToTheOppositeOneMarksThatBox()
    {
        var studio = Studio(Photo(400, 300));

        await studio.InvokeAsync(() => studio.Instance.DrawnAsync(0.8, 0.9, 0.2, 0.1));

        Assert.Equal(StudioBox.Between(0.2, 0.1, 0.8, 0.9), _subject);
        Assert.Equal("left: 20%; top: 10%; width: 60%; height: 80%;", studio.Find(".subject-box").GetAttribute("style"));
    }

    [Theory]
    [InlineData(double.NaN, 0.1, 0.5, 0.5)]
    [InlineData(0.1, double.PositiveInfinity, 0.5, 0.5)]
    [InlineData(0.1, 0.1, double.NegativeInfinity, 0.5)]
    public async Task ABrokenDragChangesNothing(double x1, double y1, double x2, double y2)
    {
        var studio = Studio(Photo(400, 300));

        await studio.InvokeAsync(() => studio.Instance.DrawnAsync(x1, y1, x2, y2));
        await studio.InvokeAsync(() => studio.Instance.TappedAsync(double.NaN, 0.5));

        Assert.Empty(_subjects);
    }

    [Fact]
    public async Task ADragOutsideThePhotoOrThinnerThanTheLeastIsHeldInsideAndGrown()
    {
        var studio = Studio(Photo(400, 300));

        await studio.InvokeAsync(() => studio.Instance.DrawnAsync(-3, 0.5, 7, 0.5));

        Assert.Equal(0, _subject!.Value.Left);
        Assert.Equal(1, _subject.Value.Right);
        Assert.True(_subject.Value.Height >= StudioBox.MinSide);
    }

    [Fact]
    public void MarkTheSubjectMakesABoxInTheMiddleForKeyboardUse()
    {
        var studio = Studio(Photo(300, 400));

        studio.FindAll("button").Single(b => b.TextContent.Trim() == "Mark the subject").Click();

        Assert.Equal(StudioBox.Between(0.3, 0.35, 0.7, 0.65), _subject);
        Assert.Equal("0", studio.Find(".subject-box").GetAttribute("tabindex"));
        Assert.Contains("arrow keys move it", studio.Find("#subject-keys").TextContent);
        Assert.Equal("subject-keys", studio.Find(".subject-box").GetAttribute("aria-describedby"));
    }

    [Theory]
    [InlineData("ArrowRight", false, 0.32, 0.3, 0.72, 0.7)]
    [InlineData("ArrowLeft", false, 0.28, 0.3, 0.68, 0.7)]
    [InlineData("ArrowUp", false, 0.3, 0.28, 0.7, 0.68)]
    [InlineData("ArrowDown", false, 0.3, 0.32, 0.7, 0.72)]
    [InlineData("ArrowRight", true, 0.3, 0.3, 0.72, 0.7)]
    [InlineData("ArrowLeft", true, 0.3, 0.3, 0.68, 0.7)]
    [InlineData("ArrowUp", true, 0.3, 0.3, 0.7, 0.68)]
    [InlineData("ArrowDown", true, 0.3, 0.3, 0.7, 0.72)]
    public void ArrowKeysMoveTheBoxAndWithShiftResizeIt(string key, bool shift, double left, double top, double right, double bottom)
    {
        _subject = StudioBox.Between(0.3, 0.3, 0.7, 0.7);
        var studio = Studio(Photo(400, 400));

        studio.Find(".subject-box").KeyDown(new KeyboardEventArgs { Key = key, ShiftKey = shift });

        Assert.Equal(StudioBox.Between(left, top, right, bottom), _subject);
    }

    [Fact]
    public void TheBoxStopsAtThePhotosEdgeAndNeverShrinksBelowTheLeast()
    {
        _subject = StudioBox.Between(0, 0, 0.06, 1);
        var studio = Studio(Photo(400, 400));

        studio.Find(".subject-box").KeyDown(new KeyboardEventArgs { Key = "ArrowLeft" });
        studio.Find(".subject-box").KeyDown(new KeyboardEventArgs { Key = "ArrowUp" });
        studio.Find(".subject-box").KeyDown(new KeyboardEventArgs { Key = "ArrowLeft", ShiftKey = true });
        studio.Find(".subject-box").KeyDown(new KeyboardEventArgs { Key = "ArrowDown", ShiftKey = true });

        Assert.Equal(0, _subject!.Value.Left);
        Assert.Equal(0, _subject.Value.Top);
        Assert.True(_subject.Value.Width >= StudioBox.MinSide, $"{_subject.Value.Width}");
        Assert.Equal(1, _subject.Value.Bottom);
    }

    [Theory]
    [InlineData("Delete")]
    [InlineData("Backspace")]
    public void DeleteOnTheBoxClearsIt(string key)
    {
        _subject = StudioBox.Between(0.3, 0.3, 0.7, 0.7);
        var studio = Studio(Photo(400, 400));

        studio.Find(".subject-box").KeyDown(new KeyboardEventArgs { Key = key });

        Assert.Null(_subject);
        Assert.Empty(studio.FindAll(".subject-box"));
        Assert.NotNull(studio.FindAll("button").Single(b => b.TextContent.Trim() == "Mark the subject"));
    }

    [Fact]
    public void OtherKeysOnTheBoxChangeNothing()
    {
        _subject = StudioBox.Between(0.3, 0.3, 0.7, 0.7);
        var studio = Studio(Photo(400, 400));

        foreach (var key in new[] { "Tab", "a", "Enter", " ", "Escape" })
        {
            studio.Find(".subject-box").KeyDown(new KeyboardEventArgs { Key = key });
        }

        Assert.Empty(_subjects);
    }

    [Fact]
    public void ClearTheSubjectRemovesTheBox()
    {
        _subject = StudioBox.Between(0.3, 0.3, 0.7, 0.7);
        var studio = Studio(Photo(400, 400));

        studio.FindAll("button").Single(b => b.TextContent.Trim() == "Clear the subject").Click();

        Assert.Equal([null], _subjects);
    }

    [Fact]
    public void TurningRightTurnsTheCropWithThePhotoAndTheFrameTakesTheTurnedShape()
    {
        _framing = new StudioFraming(0, StudioBox.Between(0.1, 0.2, 0.5, 0.6));
        var studio = Studio(Photo(400, 300));

        studio.FindAll("button").Single(b => b.TextContent.Trim() == "Turn right").Click();

        Assert.Equal(new StudioFraming(1, StudioBox.Between(0.4, 0.1, 0.8, 0.5)), _framing);
        // Turned, the 400x300 photo is 300x400; the crop keeps 0.4 of each side.
        Assert.Contains("aspect-ratio: 0.75;", studio.Find("[data-testid=studio-frame]").GetAttribute("style"));
        Assert.Contains("rotate(90deg)", studio.Find("img.studio-image").GetAttribute("style"));
    }

    [Fact]
    public void FourTurnsLeftComeBackUpright()
    {
        var studio = Studio(Photo(400, 300));

        for (var i = 0; i < 4; i++)
        {
            studio.FindAll("button").Single(b => b.TextContent.Trim() == "Turn left").Click();
        }

        Assert.Equal([3, 2, 1, 0], _framings.Select(f => f.Turns));
        Assert.Contains("rotate(0deg)", studio.Find("img.studio-image").GetAttribute("style"));
    }

    [Fact]
    public void CroppingShowsTheWholePhotoWithAFocusedCropBoxThatKeysMoveAndDeleteUndoes()
    {
        var studio = Studio(Photo(400, 300));

        studio.FindAll("button").Single(b => b.TextContent.Trim() == "Crop").Click();
        Assert.Equal("Crop box, 0% to 100% across, 0% to 100% down", studio.Find(".crop-box").GetAttribute("aria-label"));

        studio.FindAll("button").Single(b => b.TextContent.Trim() == "Square").Click();
        Assert.Equal(StudioBox.Between(0.125, 0, 0.875, 1), _framing.Crop);
        // While cropping the whole photo stays in sight.
        Assert.Contains("aspect-ratio: 1.3333;", studio.Find("[data-testid=studio-frame]").GetAttribute("style"));

        studio.Find(".crop-box").KeyDown(new KeyboardEventArgs { Key = "ArrowLeft" });
        Assert.Equal(StudioBox.Between(0.105, 0, 0.855, 1), _framing.Crop);

        studio.Find(".crop-box").KeyDown(new KeyboardEventArgs { Key = "Delete" });
        Assert.Null(_framing.Crop);

        studio.FindAll("button").Single(b => b.TextContent.Trim() == "Wide").Click();
        studio.FindAll("button").Single(b => b.TextContent.Trim() == "Done cropping").Click();
        Assert.Empty(studio.FindAll(".crop-box"));
        // Done, the frame shows only the kept part: a wide page shape.
        Assert.Contains("aspect-ratio: 1.4578;", studio.Find("[data-testid=studio-frame]").GetAttribute("style"));
    }

    [Fact]
    public async Task ADragWhileCroppingCropsAndATapDoesNothing()
    {
        var studio = Studio(Photo(400, 300));
        studio.FindAll("button").Single(b => b.TextContent.Trim() == "Crop").Click();

        await studio.InvokeAsync(() => studio.Instance.TappedAsync(0.5, 0.5));
        await studio.InvokeAsync(() => studio.Instance.DrawnAsync(0.1, 0.1, 0.6, 0.9));

        Assert.Empty(_subjects);
        Assert.Equal(new StudioFraming(0, StudioBox.Between(0.1, 0.1, 0.6, 0.9)), _framing);
    }

    [Fact]
    public async Task ACropOverTheWholePhotoIsNoCrop()
    {
        var studio = Studio(Photo(400, 300));
        studio.FindAll("button").Single(b => b.TextContent.Trim() == "Crop").Click();

        await studio.InvokeAsync(() => studio.Instance.DrawnAsync(-1, -1, 2, 2));

        Assert.Null(_framing.Crop);
        Assert.Single(_framings);
    }

    [Fact]
    public void APhotoOfUnknownSizeIsShownAsFourByThree()
    {
        var studio = Studio(new Asset { Id = Guid.NewGuid(), OwnerId = Guid.NewGuid(), Bucket = Bucket.Originals, ContentType = "image/jpeg", Key = "k", Sha256 = "0" });

        Assert.Contains("aspect-ratio: 1.3333;", studio.Find("[data-testid=studio-frame]").GetAttribute("style"));
    }

    private static Asset Photo(int width, int height) => new()
    {
        Id = Guid.NewGuid(), OwnerId = Guid.NewGuid(), Bucket = Bucket.Originals, ContentType = "image/jpeg", Key = "k", Sha256 = "0", Width = width, Height = height,
    };

    // The studio as the page holds it: every change comes back as the new parameters.
    private IRenderedComponent<PhotoStudio> Studio(Asset photo)
    {
        IRenderedComponent<PhotoStudio>? studio = null;
        studio = Render<PhotoStudio>(p => p.Add(s => s.Photo, photo).Add(s => s.Subject, _subject).Add(s => s.Turns, _framing.Turns).Add(s => s.Crop, _framing.Crop)
            .Add(s => s.SubjectChanged, (StudioBox? box) =>
            {
                _subject = box;
                _subjects.Add(box);
                studio!.Render(q => q.Add(s => s.Subject, box));
            })
            .Add(s => s.FramingChanged, (StudioFraming framing) =>
            {
                _framing = framing;
                _framings.Add(framing);
                _subject = null;
                studio!.Render(q => q.Add(s => s.Turns, framing.Turns).Add(s => s.Crop, framing.Crop).Add(s => s.Subject, null));
            }));
        return studio;
    }
}
