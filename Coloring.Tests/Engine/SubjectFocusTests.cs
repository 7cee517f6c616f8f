using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Tests.Engine;

/// <summary>The subject box, the background mode and the detail level (ADR 0012): refused when out of range with the
/// field named, and each one changes the page it is meant to change.</summary>
public class SubjectFocusTests
{
    private static readonly LocalPageGenerator Generator = new();
    private const int PhotoW = 800, PhotoH = 600;

    /// <summary>A face on the left half of a light photo and a ringed disc on the right: the face is the subject in these
    /// tests. Coordinates are those of a 640 × 480 picture scaled up.</summary>
    private static byte[] TwoThings() => TestImages.Encode(PhotoW, PhotoH, SKEncodedImageFormat.Png, canvas =>
    {
        canvas.Scale(PhotoW / 640f);
        canvas.Clear(new SKColor(225, 220, 205));
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(60, 70, 140) };
        canvas.DrawCircle(170, 240, 110, paint);
        paint.Color = new SKColor(245, 240, 225);
        canvas.DrawCircle(130, 205, 28, paint);
        canvas.DrawCircle(210, 205, 28, paint);
        paint.Color = new SKColor(200, 60, 60);
        canvas.DrawRoundRect(SKRect.Create(115, 275, 110, 30), 14, 14, paint);
        paint.Color = new SKColor(150, 50, 40);
        canvas.DrawCircle(480, 240, 110, paint);
        paint.Color = new SKColor(240, 235, 120);
        canvas.DrawCircle(480, 240, 45, paint);
    });

    private static readonly SubjectBox LeftThing = new(0.05, 0.15, 0.48, 0.85);

    [Theory]
    [InlineData(-0.1, 0.1, 0.5, 0.5, "Left")]
    [InlineData(0.1, -0.01, 0.5, 0.5, "Top")]
    [InlineData(0.1, 0.1, 1.2, 0.5, "Right")]
    [InlineData(0.1, 0.1, 0.5, 1.0001, "Bottom")]
    [InlineData(double.NaN, 0.1, 0.5, 0.5, "Left")]
    [InlineData(0.1, double.PositiveInfinity, 0.5, 0.5, "Top")]
    [InlineData(0.1, 0.1, double.NegativeInfinity, 0.5, "Right")]
    public void BoxOutsideThePhotoIsRefusedNamingTheField(double left, double top, double right, double bottom, string field)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SubjectBox(left, top, right, bottom));
        Assert.Equal(field, ex.ParamName);
    }

    [Theory]
    [InlineData(0.4, 0.1, 0.4, 0.5, "Right")] // no width
    [InlineData(0.6, 0.1, 0.4, 0.5, "Right")] // inverted
    [InlineData(0.1, 0.5, 0.5, 0.5, "Bottom")] // no height
    [InlineData(0.1, 0.9, 0.5, 0.2, "Bottom")] // upside down
    [InlineData(0.1, 0.1, 0.14, 0.5, "Right")] // a sliver under the smallest side
    public void EmptyOrInvertedBoxIsRefusedNamingTheField(double left, double top, double right, double bottom, string field)
    {
        var ex = Assert.Throws<ArgumentException>(() => new SubjectBox(left, top, right, bottom));
        Assert.Equal(field, ex.ParamName);
    }

    [Theory]
    [InlineData(2.01)]
    [InlineData(-3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void DetailOutOfRangeIsRefusedNamingTheField(double detail)
    {
        Assert.Equal("Detail", Assert.Throws<ArgumentOutOfRangeException>(() => new PageOptions(Detail: detail)).ParamName);
        Assert.Equal("Detail", Assert.Throws<ArgumentOutOfRangeException>(() => new PageOptions() with { Detail = detail }).ParamName);
    }

    [Fact]
    public void UndefinedBackgroundIsRefusedNamingTheField()
    {
        Assert.Equal("Background", Assert.Throws<ArgumentOutOfRangeException>(() => new PageOptions(Background: (BackgroundMode)7)).ParamName);
        Assert.Equal("Background", Assert.Throws<ArgumentOutOfRangeException>(() => new PageOptions() with { Background = (BackgroundMode)(-1) }).ParamName);
    }

    [Theory]
    [InlineData("keep", BackgroundMode.Keep)]
    [InlineData(" Simplify ", BackgroundMode.Simplify)]
    [InlineData("LEAVE-OUT", BackgroundMode.LeaveOut)]
    [InlineData("auto", BackgroundMode.Auto)]
    public void BackgroundWordsParseAndRoundTrip(string word, BackgroundMode expected)
    {
        Assert.True(PageOptionNames.TryParseBackground(word, out var parsed));
        Assert.Equal(expected, parsed);
        Assert.True(PageOptionNames.TryParseBackground(parsed.Name(), out var again));
        Assert.Equal(expected, again);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("leave\u00a0out")]
    [InlineData("ＫＥＥＰ")]
    public void OtherBackgroundWordsAreRefused(string? word) => Assert.False(PageOptionNames.TryParseBackground(word, out _));

    [Fact]
    public void ABoxWorksTheSubjectAtMorePixelsAndChangesThePage()
    {
        var photo = TwoThings();
        var plain = Generator.Generate(photo, new PageOptions(AgePreset.Kids, Subject: SubjectBox.Whole, Background: BackgroundMode.Keep));
        var boxed = Generator.Generate(photo, new PageOptions(AgePreset.Kids, Subject: LeftThing, Background: BackgroundMode.Keep));
        Assert.True(boxed.Metrics.Passed, string.Join("; ", boxed.Metrics.Failures));
        Assert.Null(plain.Metrics.Subject);
        Assert.Equal(LeftThing, boxed.Metrics.Subject);
        Assert.False(boxed.Metrics.SubjectFound);
        // The box is 0.7 of the photo's height: 0.9 / 0.7 = 1.29 times the preset's 500 px, which is within 0.05 of the
        // quarter step below it, 1.25.
        Assert.Equal(500, plain.Metrics.WorkingWidth);
        Assert.Equal(625, boxed.Metrics.WorkingWidth);
        Assert.NotEqual(plain.PathData, boxed.PathData);
    }

    /// <summary>The suit portrait with a box round the head and shoulders.</summary>
    private static readonly SubjectBox Head = new(0.15, 0.08, 0.65, 0.7);

    private static byte[] Portrait() => File.ReadAllBytes(Path.Combine(TestImages.Folder, "People", "face-man-suit-headshot.jpg"));

    /// <summary>Ink samples (every other page pixel) inside the picture but away from the frame and from the box's edge
    /// (a line on either is half a stroke wide), outside the box and inside it.</summary>
    private static (long Outside, long Inside) InkAroundTheBox(ColoringPage page, SubjectBox box)
    {
        using var bitmap = SKBitmap.Decode(page.Png);
        var layout = PageLayout.Fit(Paper.A4, page.Metrics.WorkingWidth, page.Metrics.WorkingHeight);
        var picture = SKRect.Create((float)layout.OffsetX, (float)layout.OffsetY,
            (float)(page.Metrics.WorkingWidth * layout.Scale), (float)(page.Metrics.WorkingHeight * layout.Scale));
        var onPage = SKRect.Create(picture.Left + (float)box.Left * picture.Width, picture.Top + (float)box.Top * picture.Height,
            (float)(box.Right - box.Left) * picture.Width, (float)(box.Bottom - box.Top) * picture.Height);
        var reach = (float)page.Drawing.StrokeWidth * 1.5f + 2;
        var away = picture;
        away.Inflate(-reach, -reach);
        var near = onPage;
        near.Inflate(reach, reach);
        long outside = 0, inside = 0;
        for (var y = (int)away.Top; y < away.Bottom; y += 2)
        {
            for (var x = (int)away.Left; x < away.Right; x += 2)
            {
                if (bitmap.GetPixel(x, y).Red < 128)
                {
                    if (near.Contains(x, y))
                    {
                        inside++;
                    }
                    else
                    {
                        outside++;
                    }
                }
            }
        }

        return (outside, inside);
    }

    [Theory]
    [InlineData(AgePreset.Toddler)]
    [InlineData(AgePreset.Kids)]
    [InlineData(AgePreset.Detailed)]
    public void LeavingTheBackgroundOutDrawsNothingOutsideTheBoxButTheFrame(AgePreset preset)
    {
        var page = Generator.Generate(Portrait(), new PageOptions(preset, Subject: Head, Background: BackgroundMode.LeaveOut));
        Assert.True(page.Metrics.Passed, string.Join("; ", page.Metrics.Failures));
        Assert.Equal("leave-out", page.Metrics.Background);
        var (outside, inside) = InkAroundTheBox(page, Head);
        Assert.Equal(0, outside);
        Assert.True(inside > 1000, $"only {inside} ink samples inside the box");
    }

    [Fact]
    public void KeepingTheBackgroundDrawsOutsideTheBox()
    {
        // The same box with the background kept draws the suit and the wall beside it, so the test above can fail.
        var page = Generator.Generate(Portrait(), new PageOptions(AgePreset.Kids, Subject: Head, Background: BackgroundMode.Keep));
        Assert.True(InkAroundTheBox(page, Head).Outside > 1000);
    }

    [Fact]
    public void KidsFindsACentredSubjectAndTheWholePhotoTurnsThatOff()
    {
        var photo = File.ReadAllBytes(Path.Combine(TestImages.Folder, "People", "face-woman-eyes-closed-pink-wall.jpg"));
        var found = Generator.Generate(photo, new PageOptions(AgePreset.Kids));
        Assert.True(found.Metrics.SubjectFound);
        var box = found.Metrics.Subject!;
        Assert.InRange(box.Left, 0, 0.5);
        Assert.InRange(box.Right, 0.5, 1);
        Assert.Equal("keep", found.Metrics.Background);
        Assert.True(found.Metrics.WorkingWidth >= 550, $"worked at {found.Metrics.WorkingWidth} px");

        var whole = Generator.Generate(photo, new PageOptions(AgePreset.Kids, Subject: SubjectBox.Whole));
        Assert.Null(whole.Metrics.Subject);
        Assert.Equal(500, whole.Metrics.WorkingWidth);
        Assert.NotEqual(found.PathData, whole.PathData);
    }

    [Theory]
    [InlineData(AgePreset.Toddler)]
    [InlineData(AgePreset.Detailed)]
    public void ToddlerAndDetailedKeepTheirPagesWhenNoSubjectIsGiven(AgePreset preset)
    {
        var photo = File.ReadAllBytes(Path.Combine(TestImages.Folder, "People", "face-woman-eyes-closed-pink-wall.jpg"));
        var auto = Generator.Generate(photo, new PageOptions(preset));
        var whole = Generator.Generate(photo, new PageOptions(preset, Subject: SubjectBox.Whole, Background: BackgroundMode.Keep));
        Assert.Null(auto.Metrics.Subject);
        Assert.Equal(whole.Png, auto.Png);
    }

    [Fact]
    public void MoreDetailGivesMoreShapesAndLessGivesFewer()
    {
        var photo = TestImages.Photo("house.jpg");
        int Regions(double detail) => Generator.Generate(photo, new PageOptions(AgePreset.Kids, Detail: detail)).Metrics.Regions;
        var (less, usual, more) = (Regions(-2), Regions(0), Regions(2));
        Assert.True(less < usual && usual < more, $"regions at -2, 0, +2: {less}, {usual}, {more}");
    }

    [Fact]
    public async Task TheSameOptionsGiveTheSamePageTwiceAtOnce()
    {
        var photo = TwoThings();
        var options = new PageOptions(AgePreset.Kids, Subject: LeftThing, Background: BackgroundMode.Simplify, Detail: 1);
        var pages = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Generator.GenerateAsync(photo, options, null, CancellationToken.None)));
        Assert.Equal(pages[0].Png, pages[1].Png);
    }

    [Fact]
    public void MetricsWithTheSubjectRoundTripThroughJsonAsTheAppStoresThem()
    {
        var metrics = new PageMetrics { Subject = new SubjectBox(0.1, 0.2, 0.6, 0.9), SubjectFound = true, Background = "keep" };
        var json = System.Text.Json.JsonSerializer.Serialize(metrics);
        Assert.DoesNotContain("IsWhole", json);
        var back = System.Text.Json.JsonSerializer.Deserialize<PageMetrics>(json)!;
        Assert.Equal(metrics.Subject, back.Subject);
        Assert.True(back.SubjectFound);
        Assert.Null(System.Text.Json.JsonSerializer.Deserialize<PageMetrics>("{}")!.Subject);
    }
}
