using System.Buffers.Binary;
using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Tests.Engine;

/// <summary>Test photos on disk and photos crafted in memory (EXIF, broken headers, animations).</summary>
internal static class TestImages
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "TestPhotos");

    public static IEnumerable<string> PhotoNames =>
        Directory.GetFiles(Folder).Where(f => !f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith(".json", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static byte[] Photo(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    /// <summary>An all-white greyscale PNG: a few hundred kilobytes that decode to <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public static byte[] WhitePng(int width, int height)
    {
        var white = new byte[width * height];
        Array.Fill(white, (byte)255);
        return PngWriter.WriteGray(white, width, height);
    }

    /// <summary>A landscape picture: left half red, right half blue.</summary>
    public static byte[] Encode(int width, int height, SKEncodedImageFormat format, Action<SKCanvas>? draw = null)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            if (draw is null)
            {
                canvas.Clear(SKColors.Blue);
                using var red = new SKPaint { Color = SKColors.Red };
                canvas.DrawRect(0, 0, width / 2f, height, red);
            }
            else
            {
                draw(canvas);
            }
        }

        using var data = bitmap.Encode(format, 92);
        return data.ToArray();
    }

    /// <summary>Inserts an EXIF APP1 segment (orientation and a GPS position) right after the JPEG's SOI marker.</summary>
    public static byte[] WithExif(byte[] jpeg, ushort orientation)
    {
        // TIFF little-endian: IFD0 with Orientation and a GPS IFD pointer; GPS IFD with latitude ref "N".
        var tiff = new List<byte>();
        tiff.AddRange("II"u8.ToArray());
        tiff.AddRange(U16(42));
        tiff.AddRange(U32(8));
        tiff.AddRange(U16(2)); // two entries
        tiff.AddRange(U16(0x0112)); tiff.AddRange(U16(3)); tiff.AddRange(U32(1)); tiff.AddRange(U16(orientation)); tiff.AddRange(U16(0));
        tiff.AddRange(U16(0x8825)); tiff.AddRange(U16(4)); tiff.AddRange(U32(1)); tiff.AddRange(U32(8 + 2 + 24 + 4));
        tiff.AddRange(U32(0)); // no next IFD
        tiff.AddRange(U16(1));
        tiff.AddRange(U16(0x0001)); tiff.AddRange(U16(2)); tiff.AddRange(U32(2)); tiff.AddRange("N\0\0\0"u8.ToArray());
        tiff.AddRange(U32(0));
        tiff.AddRange("GPSMARKER-48.8584N-2.2945E"u8.ToArray());
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return jpeg[..2].Concat(segment).Concat(jpeg[2..]).ToArray();

        static byte[] U16(ushort v) => BitConverter.GetBytes(v);
        static byte[] U32(uint v) => BitConverter.GetBytes(v);
    }

    /// <summary>A PNG whose header claims <paramref name="width"/> x <paramref name="height"/> pixels: a pixel flood.</summary>
    public static byte[] PngHeaderClaiming(uint width, uint height)
    {
        var png = Encode(300, 300, SKEncodedImageFormat.Png);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), height);
        return png; // the IHDR CRC no longer matches either: the header must be judged before any decoder runs
    }

    /// <summary>A PNG with an acTL chunk (APNG), which makes it animated.</summary>
    public static byte[] AnimatedPng()
    {
        var png = Encode(300, 300, SKEncodedImageFormat.Png);
        var actl = new byte[] { 0, 0, 0, 8, (byte)'a', (byte)'c', (byte)'T', (byte)'L', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0 };
        return png[..33].Concat(actl).Concat(png[33..]).ToArray();
    }

    /// <summary>A WebP with an extended header whose animation flag is set.</summary>
    public static byte[] AnimatedWebp()
    {
        var data = new byte[30];
        "RIFF"u8.CopyTo(data);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), 22);
        "WEBPVP8X"u8.CopyTo(data.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(16), 10);
        data[20] = 0x02; // animation
        data[24] = 0x2B; data[25] = 0x01; // width-1 = 299
        data[27] = 0x2B; data[28] = 0x01; // height-1 = 299
        return data;
    }

    public static PageMetrics Check(ColoringPage page) => page.Metrics;

    public static (int Width, int Height, int BitDepth) PngHeader(byte[] png) =>
        ((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)), png[24]);
}
