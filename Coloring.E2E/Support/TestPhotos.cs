namespace Coloring.E2E.Support;

/// <summary>Real photos copied beside the test assembly from Coloring.Tests/TestPhotos (see the csproj).</summary>
public static class TestPhotos
{
    public static string Sweets => Path("sweets.png");

    public static string Dog => Path("dog.png");

    public static string House => Path("house.jpg");

    /// <summary>A 12-megapixel camera-size JPEG (the dog photo enlarged to 4000x3000), written once per run. Its page
    /// takes long enough to make that a browser sees the live progress before the finished page.</summary>
    public static string CameraSize => LargePhoto.Value;

    private static readonly Lazy<string> LargePhoto = new(() =>
    {
        using var small = SkiaSharp.SKBitmap.Decode(Path("dog.png"));
        using var large = small.Resize(new SkiaSharp.SKImageInfo(4000, 3000), new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear));
        using var jpeg = large.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"coloring-e2e-camera-{Environment.ProcessId}.jpg");
        File.WriteAllBytes(path, jpeg.ToArray());
        return path;
    });

    private static string Path(string name)
    {
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "TestPhotos", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Test photo {name} was not copied to the output.", path);
    }
}
