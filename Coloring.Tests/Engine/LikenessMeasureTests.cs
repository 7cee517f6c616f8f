using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Tests.Engine;

/// <summary>The likeness measure of bench/likeness (<see cref="Likeness"/>) and the annotated test photos held to it: a
/// portrait's or a pet's eyes are drawn at kids and detailed, its outline at toddler.</summary>
public class LikenessMeasureTests
{
    private static readonly Lazy<Dictionary<string, List<PartBox>>> Annotated =
        new(() => Likeness.ReadParts(File.ReadAllText(Path.Combine(TestImages.Folder, "parts.json"))));

    private static byte[] AnnotatedPhoto(string name) =>
        File.ReadAllBytes(Directory.GetFiles(TestImages.Folder, name, SearchOption.AllDirectories).Single());

    private static LikenessScore Score(string photo, AgePreset preset)
    {
        var bytes = AnnotatedPhoto(photo);
        var page = new LocalPageGenerator().Generate(bytes, new PageOptions(preset));
        Assert.True(page.Metrics.Passed, string.Join("; ", page.Metrics.Failures));
        return Likeness.Measure(page, Likeness.PhotoEdges(bytes), Annotated.Value[photo]);
    }

    private static string Describe(LikenessScore score) =>
        string.Join(", ", score.Parts.Select(p => $"{p.Name} {p.Covered:P0}"));

    [Theory]
    [InlineData("cat-kitten-posing-on-wood.jpg", AgePreset.Kids)]
    [InlineData("cat-kitten-posing-on-wood.jpg", AgePreset.Detailed)]
    [InlineData("dog-husky-mix-sitting-porch-bicycle.jpg", AgePreset.Kids)]
    [InlineData("dog-husky-mix-sitting-porch-bicycle.jpg", AgePreset.Detailed)]
    [InlineData("dog.png", AgePreset.Kids)]
    [InlineData("dog.png", AgePreset.Detailed)]
    [InlineData("face-man-excited-thumbs-up.jpg", AgePreset.Kids)]
    [InlineData("face-man-excited-thumbs-up.jpg", AgePreset.Detailed)]
    [InlineData("face-woman-black-hat-curly-hair.jpg", AgePreset.Kids)]
    [InlineData("face-woman-black-hat-curly-hair.jpg", AgePreset.Detailed)]
    // These two gained their second eye at kids when kids began working its subject at more pixels (ADR 0012).
    [InlineData("face-man-suit-headshot.jpg", AgePreset.Kids)]
    [InlineData("face-woman-eyes-closed-pink-wall.jpg", AgePreset.Kids)]
    [InlineData("face-man-suit-headshot.jpg", AgePreset.Detailed)]
    [InlineData("face-woman-eyes-closed-pink-wall.jpg", AgePreset.Detailed)]
    // The mandrill's eyes have no clean rim: its kids page keeps both through the eye pair finder (EyePairs, ADR 0015).
    [InlineData("mandrill-face.jpg", AgePreset.Kids)]
    [InlineData("mandrill-face.jpg", AgePreset.Detailed)]
    public void PortraitAndPetPagesDrawBothEyes(string photo, AgePreset preset)
    {
        var score = Score(photo, preset);
        Assert.True(Likeness.EyesTraced(score) == true, Describe(score));
    }

    [Theory]
    [InlineData("cat-kitten-posing-on-wood.jpg", "head")]
    [InlineData("dog-dark-indoor.jpg", "head")]
    [InlineData("dog-husky-mix-sitting-porch-bicycle.jpg", "head")]
    [InlineData("face-man-excited-thumbs-up.jpg", "head")]
    [InlineData("face-man-suit-headshot.jpg", "head")]
    [InlineData("face-woman-black-hat-curly-hair.jpg", "face")]
    [InlineData("person-fullbody-ballerina-seated.jpg", "head")]
    [InlineData("person-woman-reading-halfbody.jpg", "head")]
    public void PortraitAndPetPagesAtToddlerDrawTheOutline(string photo, string outline)
    {
        var score = Score(photo, AgePreset.Toddler);
        Assert.True(score.Parts.Single(p => p.Name == outline).Traced, Describe(score));
    }

    [Fact]
    public void EveryTestPhotoIsAnnotatedAndEveryAnnotationHasItsPhoto()
    {
        var photos = Directory.GetFiles(TestImages.Folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetDirectoryName(f) != Path.Combine(TestImages.Folder, "Jpeg"))
            .Select(f => Path.GetFileName(f))
            .Where(n => !n.EndsWith(".md", StringComparison.Ordinal) && !n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(photos, Annotated.Value.Keys.Order(StringComparer.Ordinal).ToList());
        Assert.All(Annotated.Value, kv => Assert.True(kv.Value.Count >= 4, $"{kv.Key} has {kv.Value.Count} parts"));
    }

    [Theory]
    [InlineData("""{"a.jpg": {"eye": [0.5, 0.1, 0.4, 0.2]}}""")] // x0 after x1
    [InlineData("""{"a.jpg": {"eye": [0.1, 0.3, 0.4, 0.3]}}""")] // empty height
    [InlineData("""{"a.jpg": {"eye": [-0.1, 0.1, 0.4, 0.2]}}""")] // outside the photo
    [InlineData("""{"a.jpg": {"eye": [0.1, 0.1, 1.4, 0.2]}}""")]
    [InlineData("""{"a.jpg": {"eye": [0.1, 0.1, 0.4]}}""")] // three numbers
    [InlineData("""{"a.jpg": {"eye": [0.1, 0.1, 0.4, 0.2, 0.3]}}""")]
    public void AnnotationThatIsNotABoxIsRefusedWithItsName(string json)
    {
        var error = Assert.Throws<FormatException>(() => Likeness.ReadParts(json));
        Assert.Contains("a.jpg: 'eye'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A dark disc with two light eyes on a light ground scattered with small dark dots far from it.</summary>
    private static byte[] DiscWithEyesAndSpecks() => TestImages.Encode(600, 450, SKEncodedImageFormat.Png, canvas =>
    {
        canvas.Clear(new SKColor(225, 220, 200));
        using var face = new SKPaint { Color = new SKColor(60, 45, 35), IsAntialias = true };
        canvas.DrawCircle(300, 225, 120, face);
        using var eye = new SKPaint { Color = new SKColor(240, 235, 220), IsAntialias = true };
        canvas.DrawCircle(255, 200, 22, eye);
        canvas.DrawCircle(345, 200, 22, eye);
        using var dot = new SKPaint { Color = new SKColor(150, 145, 130), IsAntialias = true };
        var random = new Random(3);
        for (var i = 0; i < 60; i++)
        {
            canvas.DrawCircle(random.Next(10, 110), random.Next(10, 110), 1.2f, dot);
        }
    });

    [Fact]
    public void PartsThePageDrawsAreTracedAndTextureItLeavesOutIsNot()
    {
        var photo = DiscWithEyesAndSpecks();
        var page = new LocalPageGenerator().Generate(photo, new PageOptions(AgePreset.Kids));
        var edges = Likeness.PhotoEdges(photo);
        var score = Likeness.Measure(page, edges,
        [
            new PartBox("left eye", 230 / 600.0, 175 / 450.0, 280 / 600.0, 225 / 450.0),
            new PartBox("outline", 170 / 600.0, 95 / 450.0, 430 / 600.0, 355 / 450.0),
            new PartBox("specks", 0.01, 0.01, 115 / 600.0, 115 / 450.0),
            new PartBox("blank", 0.8, 0.8, 0.95, 0.95),
        ]);
        var parts = score.Parts.ToDictionary(p => p.Name);
        Assert.True(parts["left eye"].Traced, Describe(score));
        Assert.True(parts["outline"].Covered > 0.9, Describe(score));
        Assert.True(parts["specks"].Edges > 20, "the dots have edges of their own");
        Assert.False(parts["specks"].Traced, Describe(score));
        Assert.Equal(0, parts["blank"].Edges);
        Assert.False(parts["blank"].Traced, "a box without edges is not counted as drawn");
        Assert.InRange(score.TracedShare, 0.49, 0.51);
        Assert.True(score.Precision > 0.9, $"precision {score.Precision:P0}: the page's lines sit on the photo's edges");
    }

    [Fact]
    public void PageOfAnotherPhotoHasLowPrecisionAgainstThisOne()
    {
        var page = new LocalPageGenerator().Generate(DiscWithEyesAndSpecks(), new PageOptions(AgePreset.Kids));
        var other = TestImages.Encode(600, 450, SKEncodedImageFormat.Png, canvas =>
        {
            canvas.Clear(SKColors.White);
            using var bar = new SKPaint { Color = SKColors.Black };
            canvas.DrawRect(20, 380, 560, 40, bar);
        });
        var score = Likeness.Measure(page, Likeness.PhotoEdges(other), [new PartBox("bar", 0.02, 0.82, 0.98, 0.96)]);
        Assert.False(score.Parts[0].Traced);
        Assert.True(score.Precision < 0.2, $"precision {score.Precision:P0}");
    }
}
