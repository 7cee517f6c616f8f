using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Coloring.Engine;

/// <summary>Reads photos safely: format by magic bytes, limits checked from the header before any pixel is decoded.</summary>
public static class PhotoReader
{
    /// <summary>Largest accepted file: 10 MB.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;
    /// <summary>Largest accepted pixel count: 50 megapixels.</summary>
    public const long MaxPixels = 50_000_000;
    /// <summary>Longest accepted side.</summary>
    public const int MaxSide = 12_000;
    /// <summary>Shortest accepted short side.</summary>
    public const int MinShortSide = 256;

    /// <summary>Reads the header only; throws <see cref="PhotoRejectedException"/> for anything the engine will not take.</summary>
    public static PhotoInfo Inspect(ReadOnlySpan<byte> bytes)
    {
        var header = ReadHeader(bytes);
        using var data = SKData.CreateCopy(bytes);
        using var codec = OpenCodec(data);
        return Upright(header, codec);
    }

    /// <summary>
    /// Longest side a stored photo keeps. The engine works on at most 760 px and Gemini is sent 1536 px, so more would
    /// only cost memory and disk; a 50 MP photo is never needed whole.
    /// </summary>
    public const int StoredLongSide = 2048;

    /// <summary>
    /// Re-encodes the photo upright as JPEG (quality 90), at most <see cref="StoredLongSide"/> px on its long side, without
    /// any metadata (EXIF, GPS, ICC, XMP). It is decoded scaled down (see <see cref="DecodeForWork"/>), never whole.
    /// </summary>
    public static byte[] ReencodeWithoutMetadata(ReadOnlySpan<byte> bytes, out PhotoInfo stored)
    {
        var image = DecodeForWork(bytes, StoredLongSide, out _);
        stored = new PhotoInfo("jpeg", image.Width, image.Height);
        return EncodeJpeg(image);
    }

    /// <summary>Decodes the photo upright, at most <paramref name="maxLongSide"/> px on its long side, composited on white.
    /// JPEG and WebP are decoded at a reduced scale straight away, never whole and then shrunk.</summary>
    internal static RgbaImage DecodeForWork(ReadOnlySpan<byte> bytes, int maxLongSide, out PhotoInfo info)
    {
        var header = ReadHeader(bytes);
        var stored = new SKSizeI(header.Width, header.Height);
        // At 1/8 only the DC terms matter: our own decoder spreads the Huffman stream over both cores. It gives
        // libjpeg-turbo's pixels at libjpeg-turbo's 1/8 size, and null for anything it does not handle, which SkiaSharp
        // then decodes. It needs no SKCodec, so the photo is not copied for SkiaSharp (5.5 MB for a 12 MP camera photo)
        // and the orientation is read from the EXIF here.
        // At 1/4 (the larger working sizes, and a found subject's zoom) it keeps the few coefficients libjpeg-turbo's
        // 2×2 and 4×4 IDCTs read, and gives its pixels too. The scale is chosen as SkiaSharp would choose it below.
        var eighth = new SKSizeI((header.Width + 7) / 8, (header.Height + 7) / 8);
        var quarter = new SKSizeI((header.Width + 3) / 4, (header.Height + 3) / 4);
        var own = header.Format != "jpeg" ? null
            : IsWorkingScale(eighth, stored, maxLongSide) ? (Size: eighth, Pixels: JpegDcDecoder.Decode(bytes))
            : IsWorkingScale(quarter, stored, maxLongSide) ? (Size: quarter, Pixels: JpegDcDecoder.DecodeQuarter(bytes))
            : ((SKSizeI Size, RgbaImage? Pixels)?)null;
        if (own is { Pixels: { } fast } && fast.Width == own.Value.Size.Width && fast.Height == own.Value.Size.Height)
        {
            var origin = ExifOrientation.OfJpeg(bytes);
            info = Upright(header, origin);
            return ToWork(fast.Pixels, fast.Width, fast.Height, maxLongSide, origin);
        }

        if (header.Format == "jpeg" && JpegDcDecoder.IsCutShort(bytes))
        {
            // libjpeg fills a scan that stops early with grey and calls it a warning, so SkiaSharp reports success.
            throw new PhotoRejectedException(PhotoProblem.Corrupt);
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = OpenCodec(data);
        info = Upright(header, codec);
        var decodeSize = stored;
        foreach (var scale in new[] { 0.125f, 0.25f, 0.5f })
        {
            var scaled = codec.GetScaledDimensions(scale);
            if (IsWorkingScale(scaled, decodeSize, maxLongSide))
            {
                decodeSize = scaled;
                break;
            }
        }

        // SkiaSharp decodes a PNG only whole and at full size: a large one is read by rows instead (see PngRows).
        if (header.Format == "png" && Math.Max(decodeSize.Width, decodeSize.Height) > 2 * maxLongSide
            && PngRows.Shrink(bytes, maxLongSide) is { } small)
        {
            return ToWork(small.Pixels, small.Width, small.Height, maxLongSide, codec.EncodedOrigin);
        }

        return ToWork(DecodeRgba(codec, decodeSize.Width, decodeSize.Height), decodeSize.Width, decodeSize.Height, maxLongSide, codec.EncodedOrigin);
    }

    /// <summary>The longest side a photo is decoded at for a small crop (a 5 % crop of a huge photo would need it whole).</summary>
    private const int MaxCropDecode = 4096;

    /// <summary>Decodes the photo upright, turns it <paramref name="turns"/> quarter turns clockwise and keeps the
    /// <paramref name="crop"/> of it, at most <paramref name="maxLongSide"/> px on the long side of what is kept. The photo
    /// is decoded large enough that the crop still gets the working pixels (never larger than it is). <paramref name="info"/>
    /// is the size of the turned and cropped photo at its full resolution.</summary>
    internal static RgbaImage DecodeForWork(ReadOnlySpan<byte> bytes, int maxLongSide, int turns, CropBox? crop, out PhotoInfo info)
    {
        if (crop is null || crop.IsWhole)
        {
            var whole = DecodeForWork(bytes, maxLongSide, out info);
            if (turns % 2 == 1)
            {
                info = info with { Width = info.Height, Height = info.Width };
            }

            return Turn(whole, turns);
        }

        var upright = Inspect(bytes);
        int tw = turns % 2 == 1 ? upright.Height : upright.Width, th = turns % 2 == 1 ? upright.Width : upright.Height;
        double keptW = tw * (crop.Right - crop.Left), keptH = th * (crop.Bottom - crop.Top);
        // The whole photo is decoded at the size that gives its crop the working size on its long side.
        var decodeLong = (int)Math.Ceiling(Math.Max(tw, th) * maxLongSide / Math.Max(keptW, keptH));
        var image = Turn(DecodeForWork(bytes, Math.Clamp(decodeLong, maxLongSide, Math.Max(maxLongSide, MaxCropDecode)), out _), turns);
        int x0 = (int)Math.Round(crop.Left * image.Width), x1 = Math.Max(x0 + 1, (int)Math.Round(crop.Right * image.Width));
        int y0 = (int)Math.Round(crop.Top * image.Height), y1 = Math.Max(y0 + 1, (int)Math.Round(crop.Bottom * image.Height));
        x1 = Math.Min(x1, image.Width);
        y1 = Math.Min(y1, image.Height);
        int cw = x1 - x0, ch = y1 - y0;
        var kept = new byte[cw * ch * 4];
        for (var y = 0; y < ch; y++)
        {
            image.Pixels.AsSpan(((y0 + y) * image.Width + x0) * 4, cw * 4).CopyTo(kept.AsSpan(y * cw * 4));
        }

        info = new PhotoInfo(upright.Format, Math.Max(1, (int)Math.Round(keptW)), Math.Max(1, (int)Math.Round(keptH)));
        var longSide = Math.Max(cw, ch);
        if (longSide <= maxLongSide)
        {
            return new RgbaImage(cw, ch, kept);
        }

        var f = (double)maxLongSide / longSide;
        int rw = Math.Max(1, (int)Math.Round(cw * f)), rh = Math.Max(1, (int)Math.Round(ch * f));
        return new RgbaImage(rw, rh, Resize(kept, cw, ch, rw, rh));
    }

    /// <summary>Turns upright pixels <paramref name="turns"/> quarter turns clockwise.</summary>
    internal static RgbaImage Turn(RgbaImage image, int turns)
    {
        var origin = (turns % 4) switch
        {
            1 => SKEncodedOrigin.RightTop,
            2 => SKEncodedOrigin.BottomRight,
            3 => SKEncodedOrigin.LeftBottom,
            _ => SKEncodedOrigin.TopLeft,
        };
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return image;
        }

        var pixels = Orient(image.Pixels, image.Width, image.Height, origin);
        return IsSwapped(origin) ? new RgbaImage(image.Height, image.Width, pixels) : new RgbaImage(image.Width, image.Height, pixels);
    }

    /// <summary>The smallest scale the decoder offers that still gives (almost) the working size is the one decoded; a
    /// few percent short of it is kept as is rather than decoding four times the pixels.</summary>
    private static bool IsWorkingScale(SKSizeI scaled, SKSizeI stored, int maxLongSide) =>
        Math.Max(scaled.Width, scaled.Height) >= maxLongSide * 0.95 && scaled.Width * (long)scaled.Height < stored.Width * (long)stored.Height;

    /// <summary>Shrinks decoded pixels to the working size, turns them upright and puts them on white.</summary>
    private static RgbaImage ToWork(byte[] pixels, int w, int h, int maxLongSide, SKEncodedOrigin origin)
    {
        var longSide = Math.Max(w, h);
        if (longSide > maxLongSide)
        {
            var f = (double)maxLongSide / longSide;
            int tw = Math.Max(1, (int)Math.Round(w * f)), th = Math.Max(1, (int)Math.Round(h * f));
            pixels = Resize(pixels, w, h, tw, th);
            w = tw;
            h = th;
        }

        var upright = Orient(pixels, w, h, origin);
        if (IsSwapped(origin))
        {
            (w, h) = (h, w);
        }

        FlattenOnWhite(upright);
        return new RgbaImage(w, h, upright);
    }

    /// <summary>Encodes working pixels as JPEG (quality 90), with no metadata.</summary>
    internal static byte[] EncodeJpeg(RgbaImage image)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var handle = GCHandle.Alloc(image.Pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = pixmap.Encode(SKEncodedImageFormat.Jpeg, 90) ?? throw new InvalidOperationException("JPEG encoding failed.");
            return data.ToArray();
        }
        finally
        {
            handle.Free();
        }
    }

    private static SKCodec OpenCodec(SKData data)
    {
        var codec = SKCodec.Create(data);
        if (codec is null)
        {
            throw new PhotoRejectedException(PhotoProblem.Corrupt);
        }

        if (codec.FrameCount > 1)
        {
            codec.Dispose();
            throw new PhotoRejectedException(PhotoProblem.Animated);
        }

        return codec;
    }

    private static PhotoInfo Upright(Header header, SKCodec codec)
    {
        if (codec.Info.Width != header.Width || codec.Info.Height != header.Height)
        {
            throw new PhotoRejectedException(PhotoProblem.Corrupt);
        }

        return Upright(header, codec.EncodedOrigin);
    }

    private static PhotoInfo Upright(Header header, SKEncodedOrigin origin) =>
        IsSwapped(origin) ? new PhotoInfo(header.Format, header.Height, header.Width) : new PhotoInfo(header.Format, header.Width, header.Height);

    private static bool IsSwapped(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    private static byte[] DecodeRgba(SKCodec codec, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            var result = codec.GetPixels(info, handle.AddrOfPinnedObject());
            if (result != SKCodecResult.Success)
            {
                throw new PhotoRejectedException(PhotoProblem.Corrupt);
            }
        }
        finally
        {
            handle.Free();
        }

        return pixels;
    }

    private static byte[] Resize(byte[] src, int w, int h, int tw, int th)
    {
        var srcInfo = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var dstInfo = new SKImageInfo(tw, th, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var dst = new byte[dstInfo.BytesSize];
        var hs = GCHandle.Alloc(src, GCHandleType.Pinned);
        var hd = GCHandle.Alloc(dst, GCHandleType.Pinned);
        try
        {
            using var sp = new SKPixmap(srcInfo, hs.AddrOfPinnedObject(), srcInfo.RowBytes);
            using var dp = new SKPixmap(dstInfo, hd.AddrOfPinnedObject(), dstInfo.RowBytes);
            // Mipmapped linear sampling averages every source pixel when shrinking by large factors.
            if (!sp.ScalePixels(dp, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)))
            {
                throw new PhotoRejectedException(PhotoProblem.Corrupt);
            }
        }
        finally
        {
            hs.Free();
            hd.Free();
        }

        return dst;
    }

    /// <summary>Turns pixels stored in the camera's orientation upright.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static byte[] Orient(byte[] src, int w, int h, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft || (int)origin < 1 || (int)origin > 8)
        {
            return src;
        }

        var swapped = IsSwapped(origin);
        int ow = swapped ? h : w, oh = swapped ? w : h;
        var dst = new byte[src.Length];
        var s = MemoryMarshal.Cast<byte, uint>(src.AsSpan());
        var d = MemoryMarshal.Cast<byte, uint>(dst.AsSpan());
        for (var y = 0; y < oh; y++)
        {
            for (var x = 0; x < ow; x++)
            {
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, h - 1 - x),
                    SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x), // LeftBottom
                };
                d[y * ow + x] = s[sy * w + sx];
            }
        }

        return dst;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void FlattenOnWhite(Span<byte> rgba)
    {
        for (var i = 0; i < rgba.Length; i += 4)
        {
            int a = rgba[i + 3];
            if (a == 255)
            {
                continue;
            }

            var inv = 255 - a;
            rgba[i] = (byte)((rgba[i] * a + 255 * inv + 127) / 255);
            rgba[i + 1] = (byte)((rgba[i + 1] * a + 255 * inv + 127) / 255);
            rgba[i + 2] = (byte)((rgba[i + 2] * a + 255 * inv + 127) / 255);
            rgba[i + 3] = 255;
        }
    }

    private readonly record struct Header(string Format, int Width, int Height);

    /// <summary>Recognises the format by its bytes and reads the stored size, without decoding, then applies every limit.</summary>
    private static Header ReadHeader(ReadOnlySpan<byte> b)
    {
        if (b.IsEmpty)
        {
            throw new PhotoRejectedException(PhotoProblem.Empty);
        }

        if (b.Length > MaxBytes)
        {
            throw new PhotoRejectedException(PhotoProblem.TooLarge);
        }

        Header header;
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            header = ReadJpeg(b);
        }
        else if (b.Length >= 8 && b[..8].SequenceEqual(PngSignature))
        {
            header = ReadPng(b);
        }
        else if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            header = ReadWebp(b);
        }
        else
        {
            throw new PhotoRejectedException(PhotoProblem.NotAnImage);
        }

        if (header.Width <= 0 || header.Height <= 0)
        {
            throw new PhotoRejectedException(PhotoProblem.Corrupt);
        }

        if (header.Width > MaxSide || header.Height > MaxSide || (long)header.Width * header.Height > MaxPixels)
        {
            throw new PhotoRejectedException(PhotoProblem.TooManyPixels);
        }

        if (Math.Min(header.Width, header.Height) < MinShortSide)
        {
            throw new PhotoRejectedException(PhotoProblem.TooSmall);
        }

        return header;
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static Header ReadJpeg(ReadOnlySpan<byte> b)
    {
        // A JPEG cut short has no end-of-image marker; cameras may append data after it, so search the whole file.
        if (b.LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) < 0)
        {
            throw new PhotoRejectedException(PhotoProblem.Corrupt);
        }

        var i = 2;
        while (i + 4 <= b.Length)
        {
            if (b[i] != 0xFF)
            {
                throw new PhotoRejectedException(PhotoProblem.Corrupt);
            }

            var marker = b[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            {
                i += 2;
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(b.Slice(i + 2, 2));
            if (length < 2 || i + 2 + length > b.Length)
            {
                throw new PhotoRejectedException(PhotoProblem.Corrupt);
            }

            var isSof = marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC);
            if (isSof)
            {
                if (length < 7)
                {
                    throw new PhotoRejectedException(PhotoProblem.Corrupt);
                }

                int height = BinaryPrimitives.ReadUInt16BigEndian(b.Slice(i + 5, 2));
                int width = BinaryPrimitives.ReadUInt16BigEndian(b.Slice(i + 7, 2));
                return new Header("jpeg", width, height);
            }

            if (marker == 0xDA)
            {
                break;
            }

            i += 2 + length;
        }

        throw new PhotoRejectedException(PhotoProblem.Corrupt);
    }

    private static Header ReadPng(ReadOnlySpan<byte> b)
    {
        if (b.Length < 33 || !b.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new PhotoRejectedException(PhotoProblem.Corrupt);
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(b.Slice(16, 4));
        var height = BinaryPrimitives.ReadUInt32BigEndian(b.Slice(20, 4));
        if (width > int.MaxValue || height > int.MaxValue)
        {
            throw new PhotoRejectedException(PhotoProblem.TooManyPixels);
        }

        // Walk the chunks: an animation control chunk means APNG; a missing IEND means the file was cut short.
        var i = 8;
        var sawEnd = false;
        while (i + 8 <= b.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(b.Slice(i, 4));
            var type = b.Slice(i + 4, 4);
            if (type.SequenceEqual("acTL"u8))
            {
                throw new PhotoRejectedException(PhotoProblem.Animated);
            }

            if (type.SequenceEqual("IEND"u8))
            {
                sawEnd = true;
                break;
            }

            if (length > (uint)(b.Length - i - 12))
            {
                break;
            }

            i += 12 + (int)length;
        }

        var header = new Header("png", (int)Math.Min(width, int.MaxValue), (int)Math.Min(height, int.MaxValue));
        if (!sawEnd && header.Width <= MaxSide && header.Height <= MaxSide && (long)header.Width * header.Height <= MaxPixels)
        {
            throw new PhotoRejectedException(PhotoProblem.Corrupt);
        }

        return header;
    }

    private static Header ReadWebp(ReadOnlySpan<byte> b)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(4, 4));
        if (riffSize + 8L > b.Length || b.Length < 30)
        {
            throw new PhotoRejectedException(PhotoProblem.Corrupt);
        }

        var chunk = b.Slice(12, 4);
        var data = b[20..];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            if ((data[0] & 0x02) != 0)
            {
                throw new PhotoRejectedException(PhotoProblem.Animated);
            }

            var w = 1 + (data[4] | (data[5] << 8) | (data[6] << 16));
            var h = 1 + (data[7] | (data[8] << 8) | (data[9] << 16));
            return new Header("webp", w, h);
        }

        if (chunk.SequenceEqual("VP8 "u8))
        {
            if (data[3] != 0x9D || data[4] != 0x01 || data[5] != 0x2A)
            {
                throw new PhotoRejectedException(PhotoProblem.Corrupt);
            }

            var w = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(6, 2)) & 0x3FFF;
            var h = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(8, 2)) & 0x3FFF;
            return new Header("webp", w, h);
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            if (data[0] != 0x2F)
            {
                throw new PhotoRejectedException(PhotoProblem.Corrupt);
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(1, 4));
            var w = 1 + (int)(bits & 0x3FFF);
            var h = 1 + (int)((bits >> 14) & 0x3FFF);
            return new Header("webp", w, h);
        }

        throw new PhotoRejectedException(PhotoProblem.Corrupt);
    }
}

/// <summary>Upright RGBA pixels (alpha always 255) at working size.</summary>
internal sealed record RgbaImage(int Width, int Height, byte[] Pixels);
