using SkiaSharp;

namespace Coloring.Tests.Support;

/// <summary>The committed test photos (see TestPhotos/README.md for their sources and licences).</summary>
public static class TestPhotos
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestPhotos", name);

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>A small real photo, quick to turn into a page.</summary>
    public static byte[] Small => Read("sweets.png");

    /// <summary>A photo-sized PNG that decodes fine but is made of noise, with a given size.</summary>
    public static byte[] Noise(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        var random = new Random(7);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
