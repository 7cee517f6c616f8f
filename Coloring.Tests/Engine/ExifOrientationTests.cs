using System.Buffers.Binary;
using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Tests.Engine;

/// <summary>The EXIF orientation on the 1/8 fast path, which reads it from the bytes instead of through SkiaSharp.</summary>
public class ExifOrientationTests
{
    private const ushort Orientation = 0x0112, ExifDirectory = 0x8769, Short = 3, Long = 4;

    // Stored picture: red top-left, green top-right, blue bottom-left, white bottom-right quarter. 1024x768 is decoded
    // at 1/8 (128x96) for a working size of 100, so it takes the fast path.
    private static readonly Lazy<byte[]> Quarters = new(() => TestImages.Encode(1024, 768, SKEncodedImageFormat.Jpeg, canvas =>
    {
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint();
        foreach (var (color, x, y) in new[] { (SKColors.Red, 0, 0), (SKColors.Lime, 512, 0), (SKColors.Blue, 0, 384) })
        {
            paint.Color = color;
            canvas.DrawRect(x, y, 512, 384, paint);
        }
    }));

    private const char R = 'R', G = 'G', B = 'B', W = 'W';

    /// <summary>Builds TIFF data: header, the first directory at offset 8 with these entries, no next directory.</summary>
    private static byte[] Tiff(bool little, params (ushort Tag, ushort Type, uint Count, uint Value)[] entries)
    {
        var tiff = new byte[8 + 2 + entries.Length * 12 + 4];
        var span = tiff.AsSpan();
        span[0] = span[1] = (byte)(little ? 'I' : 'M');
        Put16(span[2..], 42);
        Put32(span[4..], 8);
        Put16(span[8..], (ushort)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var e = span.Slice(10 + i * 12, 12);
            Put16(e, entries[i].Tag);
            Put16(e[2..], entries[i].Type);
            Put32(e[4..], entries[i].Count);
            if (entries[i].Type == Short)
            {
                Put16(e[8..], (ushort)entries[i].Value); // a SHORT sits in the first two bytes of the value field
            }
            else
            {
                Put32(e[8..], entries[i].Value);
            }
        }

        return tiff;

        void Put16(Span<byte> s, ushort v)
        {
            if (little) BinaryPrimitives.WriteUInt16LittleEndian(s, v); else BinaryPrimitives.WriteUInt16BigEndian(s, v);
        }

        void Put32(Span<byte> s, uint v)
        {
            if (little) BinaryPrimitives.WriteUInt32LittleEndian(s, v); else BinaryPrimitives.WriteUInt32BigEndian(s, v);
        }
    }

    /// <summary>Inserts APP1 segments (each the "Exif\0\0" signature and the given TIFF data) right after SOI.</summary>
    private static byte[] WithApp1(byte[] jpeg, params byte[][] tiffs) => WithSegments(jpeg, tiffs.Select(t => "Exif\0\0"u8.ToArray().Concat(t).ToArray()).ToArray());

    private static byte[] WithSegments(byte[] jpeg, params byte[][] payloads)
    {
        var result = new List<byte>(jpeg[..2]);
        foreach (var payload in payloads)
        {
            result.AddRange([0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
            result.AddRange(payload);
        }

        result.AddRange(jpeg[2..]);
        return [.. result];
    }

    private static SKEncodedOrigin SkiaSharpsOrigin(byte[] jpeg)
    {
        using var codec = SKCodec.Create(new MemoryStream(jpeg));
        return codec.EncodedOrigin;
    }

    private static char ColorAt(RgbaImage image, double fx, double fy)
    {
        var i = ((int)(fy * image.Height) * image.Width + (int)(fx * image.Width)) * 4;
        var (r, g, b) = (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
        return (r > 200, g > 200, b > 200) switch
        {
            (true, false, false) => R,
            (false, true, false) => G,
            (false, false, true) => B,
            (true, true, true) => W,
            _ => '?',
        };
    }

    /// <summary>The working picture's quarters, read left to right, top to bottom.</summary>
    private static string QuartersOf(RgbaImage image) =>
        new([ColorAt(image, 0.25, 0.25), ColorAt(image, 0.75, 0.25), ColorAt(image, 0.25, 0.75), ColorAt(image, 0.75, 0.75)]);

    [Theory]
    [InlineData(1, "RGBW")] // as stored
    [InlineData(2, "GRWB")] // mirrored left to right
    [InlineData(3, "WBGR")] // turned half round
    [InlineData(4, "BWRG")] // mirrored top to bottom
    [InlineData(5, "RBGW")] // mirrored along the main diagonal
    [InlineData(6, "BRWG")] // turned a quarter clockwise to view
    [InlineData(7, "WGBR")] // mirrored along the other diagonal
    [InlineData(8, "GWRB")] // turned a quarter anticlockwise to view
    public void EveryOrientationComesOutUprightOnTheFastPath(ushort orientation, string quarters)
    {
        foreach (var little in new[] { true, false })
        {
            var jpeg = WithApp1(Quarters.Value, Tiff(little, (Orientation, Short, 1, orientation)));
            Assert.NotNull(JpegDcDecoder.Decode(jpeg)); // the fast path is the one taken
            var image = PhotoReader.DecodeForWork(jpeg, 100, out var info);
            var turned = orientation >= 5;
            Assert.Equal(turned ? (75, 100) : (100, 75), (image.Width, image.Height));
            Assert.Equal(turned ? new PhotoInfo("jpeg", 768, 1024) : new PhotoInfo("jpeg", 1024, 768), info);
            Assert.Equal(PhotoReader.Inspect(jpeg), info);
            Assert.Equal(quarters, QuartersOf(image));
            Assert.Equal(SkiaSharpsOrigin(jpeg), ExifOrientation.OfJpeg(jpeg));
        }
    }

    [Fact]
    public void AnOrientationInTheExifDirectoryCounts()
    {
        var tiff = Tiff(true, (ExifDirectory, Long, 1, 8 + 2 + 12 + 4));
        var exif = Tiff(true, (Orientation, Short, 1, 6))[8..];
        var jpeg = WithApp1(Quarters.Value, [.. tiff, .. exif]);
        Assert.Equal(SKEncodedOrigin.RightTop, ExifOrientation.OfJpeg(jpeg));
        Assert.Equal(SkiaSharpsOrigin(jpeg), ExifOrientation.OfJpeg(jpeg));
    }

    [Fact]
    public void APhotoWithoutExifIsAsStored()
    {
        Assert.Equal(SKEncodedOrigin.TopLeft, ExifOrientation.OfJpeg(Quarters.Value));
        Assert.Equal("RGBW", QuartersOf(PhotoReader.DecodeForWork(Quarters.Value, 100, out _)));
    }

    public static TheoryData<string, byte[]> HostileExif()
    {
        var six = Tiff(true, (Orientation, Short, 1, 6));
        var data = new TheoryData<string, byte[]>
        {
            { "empty TIFF data", [] },
            { "TIFF header cut short", six[..6] },
            { "header only", six[..8] },
            { "directory cut inside its count", six[..9] },
            { "directory cut inside the orientation entry", six[..16] },
            { "unknown byte order", [.. "IM"u8, .. six[2..]] },
            { "orientation 0", Tiff(true, (Orientation, Short, 1, 0)) },
            { "orientation 9", Tiff(true, (Orientation, Short, 1, 9)) },
            { "orientation 65535", Tiff(false, (Orientation, Short, 1, 0xFFFF)) },
            { "orientation as a LONG", Tiff(true, (Orientation, Long, 1, 6)) },
            { "two orientation values", Tiff(true, (Orientation, Short, 2, 6)) },
            { "a huge count of orientation values", Tiff(true, (Orientation, Short, 0xFFFFFFFF, 6)) },
            { "first directory past the end", WithFirstDirectoryAt(six, 0xFFFFFFF0) },
            { "first directory just past the end", WithFirstDirectoryAt(six, (uint)six.Length) },
            { "first directory on its last byte", WithFirstDirectoryAt(six, (uint)six.Length - 1) },
            { "Exif directory past the end", Tiff(true, (ExifDirectory, Long, 1, 0xFFFFFFFF)) },
            { "Exif directory pointing at the first directory", Tiff(true, (ExifDirectory, Long, 1, 8)) },
            { "Exif directory pointing at itself, big-endian", Tiff(false, (ExifDirectory, Long, 1, 8), (ExifDirectory, Long, 1, 8)) },
            { "next directory pointing at the first one", Loop() },
            { "a huge entry count with nothing after it", HugeCount(Tiff(true)) },
            { "a huge entry count over garbage", HugeCount([.. Tiff(true), .. Enumerable.Repeat((byte)0xEE, 5000)]) },
        };
        return data;

        static byte[] WithFirstDirectoryAt(byte[] tiff, uint offset)
        {
            var copy = tiff.ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(4), offset);
            return copy;
        }

        static byte[] HugeCount(byte[] tiff)
        {
            var copy = tiff.ToArray();
            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(8), 0xFFFF);
            return copy;
        }

        static byte[] Loop()
        {
            var tiff = Tiff(true, (0x010F, Short, 1, 1)); // a "Make" entry, no orientation
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(tiff.Length - 4), 8);
            return tiff;
        }
    }

    [Theory]
    [MemberData(nameof(HostileExif))]
    public void HostileExifLeavesThePhotoAsStored(string form, byte[] tiff)
    {
        var jpeg = WithApp1(Quarters.Value, tiff);
        Assert.True(ExifOrientation.OfJpeg(jpeg) == SKEncodedOrigin.TopLeft, form);
        Assert.True(SkiaSharpsOrigin(jpeg) == SKEncodedOrigin.TopLeft, form);
        var image = PhotoReader.DecodeForWork(jpeg, 100, out var info);
        Assert.Equal(new PhotoInfo("jpeg", 1024, 768), info);
        Assert.Equal("RGBW", QuartersOf(image));
    }

    [Fact]
    public void TheTiffMagicNumberIsNotCheckedAsSkiaSharpDoesNot()
    {
        byte[] tiff = [.. Tiff(false, (Orientation, Short, 1, 6))];
        tiff[3] = 43;
        var jpeg = WithApp1(Quarters.Value, tiff);
        Assert.Equal(SKEncodedOrigin.RightTop, SkiaSharpsOrigin(jpeg));
        Assert.Equal(SKEncodedOrigin.RightTop, ExifOrientation.OfJpeg(jpeg));
    }

    [Fact]
    public void OnlyTheFirstExifSegmentCounts()
    {
        var jpeg = WithApp1(Quarters.Value, Tiff(true), Tiff(true, (Orientation, Short, 1, 6)));
        Assert.Equal(SkiaSharpsOrigin(jpeg), ExifOrientation.OfJpeg(jpeg));
    }

    [Fact]
    public void SegmentsThatAreNotExifAreSkipped()
    {
        var jpeg = WithSegments(Quarters.Value, [], "Exif"u8.ToArray(), "XMP data"u8.ToArray(),
            [.. "Exif\0\0"u8, .. Tiff(false, (Orientation, Short, 1, 3))]);
        Assert.Equal(SKEncodedOrigin.BottomRight, ExifOrientation.OfJpeg(jpeg));
        Assert.Equal(SkiaSharpsOrigin(jpeg), ExifOrientation.OfJpeg(jpeg));
    }

    [Fact]
    public void SegmentLengthsPastTheEndGiveAsStored()
    {
        byte[] cut = [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, .. "Exif\0\0"u8, .. Tiff(true, (Orientation, Short, 1, 6))];
        Assert.Equal(SKEncodedOrigin.TopLeft, ExifOrientation.OfJpeg(cut));
        Assert.Equal(SKEncodedOrigin.TopLeft, ExifOrientation.OfJpeg([0xFF, 0xD8, 0xFF, 0xE1, 0x00]));
        Assert.Equal(SKEncodedOrigin.TopLeft, ExifOrientation.OfJpeg([0xFF, 0xD8]));
        Assert.Equal(SKEncodedOrigin.TopLeft, ExifOrientation.OfJpeg([]));
    }

    [Fact]
    public void RandomlyDamagedExifNeverThrowsAndReadsAsSkiaSharpDoes()
    {
        var good = Tiff(true, (0x010F, Short, 1, 1), (Orientation, Short, 1, 6), (ExifDirectory, Long, 1, 8 + 2 + 36 + 4), (0x0110, Short, 1, 2));
        byte[] tiff = [.. good, .. Tiff(true, (Orientation, Short, 1, 8))[8..]];
        var random = new Random(20240611);
        for (var run = 0; run < 300; run++)
        {
            var damaged = tiff.ToArray();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            var jpeg = WithApp1(Quarters.Value, damaged[..random.Next(damaged.Length + 1)]);
            var origin = ExifOrientation.OfJpeg(jpeg);
            Assert.InRange((int)origin, 1, 8);
            Assert.Equal(SkiaSharpsOrigin(jpeg), origin);
        }
    }
}
