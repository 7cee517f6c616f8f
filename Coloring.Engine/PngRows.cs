using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace Coloring.Engine;

/// <summary>
/// Decodes a PNG one row at a time and averages the rows straight into the working size on white, so a picture that
/// SkiaSharp would decode whole (its PNG codec neither scales nor decodes by rows) never exists at full size: a
/// 7000 x 7000 PNG costs two rows of it, not 196 MB. Non-interlaced PNGs of every colour type and bit depth.
/// </summary>
internal static class PngRows
{
    /// <summary>The PNG at most <paramref name="maxLongSide"/> px on its long side, in stored orientation; null when it is interlaced
    /// (then it is decoded whole). Throws <see cref="PhotoRejectedException"/> for damaged data.</summary>
    public static RgbaImage? Shrink(ReadOnlySpan<byte> png, int maxLongSide)
    {
        int width = 0, height = 0, depth = 0, colorType = -1;
        var interlaced = false;
        byte[]? palette = null, transparency = null;
        using var compressed = new MemoryStream();
        var i = 8;
        while (i + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png.Slice(i, 4));
            if (length > (uint)(png.Length - i - 12))
            {
                throw Corrupt();
            }

            var type = png.Slice(i + 4, 4);
            var body = png.Slice(i + 8, (int)length);
            if (type.SequenceEqual("IHDR"u8) && body.Length >= 13)
            {
                width = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body), int.MaxValue);
                height = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body[4..]), int.MaxValue);
                (depth, colorType, interlaced) = (body[8], body[9], body[12] != 0);
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                palette = body.ToArray();
            }
            else if (type.SequenceEqual("tRNS"u8))
            {
                transparency = body.ToArray();
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                compressed.Write(body);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            i += 12 + (int)length;
        }

        if (interlaced)
        {
            return null;
        }

        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw Corrupt() };
        var depthAllowed = colorType switch { 0 => depth is 1 or 2 or 4 or 8 or 16, 3 => depth is 1 or 2 or 4 or 8, _ => depth is 8 or 16 };
        if (!depthAllowed || width <= 0 || height <= 0 || (colorType == 3 && palette is null))
        {
            throw Corrupt();
        }

        var stride = (int)((((long)width * channels * depth) + 7) / 8);
        var bytesPerPixel = Math.Max(1, channels * depth / 8);
        var format = new Format(width, depth, colorType, palette, transparency);
        var shrinker = new RowShrinker(width, height, maxLongSide);
        var previous = new byte[stride];
        var current = new byte[stride];
        var rgba = new byte[width * 4];
        compressed.Position = 0;
        try
        {
            using var rows = new ZLibStream(compressed, CompressionMode.Decompress);
            for (var y = 0; y < height; y++)
            {
                var filter = rows.ReadByte();
                rows.ReadExactly(current);
                Unfilter(filter, current, previous, bytesPerPixel);
                ToRgba(current, rgba, format);
                shrinker.Add(rgba);
                (previous, current) = (current, previous);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new PhotoRejectedException(PhotoProblem.Corrupt, inner: ex);
        }

        return shrinker.Finish();
    }

    private static PhotoRejectedException Corrupt() => new(PhotoProblem.Corrupt);

    private sealed record Format(int Width, int Depth, int ColorType, byte[]? Palette, byte[]? Transparency);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Unfilter(int filter, byte[] row, byte[] above, int bpp)
    {
        switch (filter)
        {
            case 0:
                return;
            case 1:
                for (var x = bpp; x < row.Length; x++)
                {
                    row[x] += row[x - bpp];
                }

                return;
            case 2:
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] += above[x];
                }

                return;
            case 3:
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] += (byte)(((x >= bpp ? row[x - bpp] : 0) + above[x]) >> 1);
                }

                return;
            case 4:
                for (var x = 0; x < row.Length; x++)
                {
                    int a = x >= bpp ? row[x - bpp] : 0, b = above[x], c = x >= bpp ? above[x - bpp] : 0;
                    int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                    row[x] += (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }

                return;
            default:
                throw Corrupt();
        }
    }

    /// <summary>One decoded row as 8-bit RGBA (16-bit samples keep their high byte; transparency from tRNS).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToRgba(byte[] row, byte[] rgba, Format f)
    {
        var t = f.Transparency;
        if (f.Depth == 8 && t is null && f.ColorType is 0 or 2 or 6)
        {
            ToRgbaCommon(row, rgba, f.Width, f.ColorType);
            return;
        }

        for (var x = 0; x < f.Width; x++)
        {
            byte r, g, b, a = 255;
            switch (f.ColorType)
            {
                case 0:
                    var level = Sample(row, x, f.Depth);
                    r = g = b = f.Depth == 16 ? (byte)(level >> 8) : (byte)(level * 255 / ((1 << f.Depth) - 1));
                    if (t is { Length: >= 2 } && level == BinaryPrimitives.ReadUInt16BigEndian(t))
                    {
                        a = 0;
                    }

                    break;
                case 2:
                    var k = f.Depth == 16 ? x * 6 : x * 3;
                    var step = f.Depth / 8;
                    (r, g, b) = (row[k], row[k + step], row[k + (2 * step)]);
                    if (t is { Length: >= 6 } && Sample(row, x * 3, f.Depth) == BinaryPrimitives.ReadUInt16BigEndian(t)
                        && Sample(row, (x * 3) + 1, f.Depth) == BinaryPrimitives.ReadUInt16BigEndian(t.AsSpan(2))
                        && Sample(row, (x * 3) + 2, f.Depth) == BinaryPrimitives.ReadUInt16BigEndian(t.AsSpan(4)))
                    {
                        a = 0;
                    }

                    break;
                case 3:
                    var index = Sample(row, x, f.Depth);
                    if ((index * 3) + 2 >= f.Palette!.Length)
                    {
                        throw Corrupt();
                    }

                    (r, g, b) = (f.Palette[index * 3], f.Palette[(index * 3) + 1], f.Palette[(index * 3) + 2]);
                    a = t is not null && index < t.Length ? t[index] : (byte)255;
                    break;
                case 4:
                    var gi = x * 2 * (f.Depth / 8);
                    r = g = b = row[gi];
                    a = row[gi + (f.Depth / 8)];
                    break;
                default:
                    var ri = x * 4 * (f.Depth / 8);
                    var s = f.Depth / 8;
                    (r, g, b, a) = (row[ri], row[ri + s], row[ri + (2 * s)], row[ri + (3 * s)]);
                    break;
            }

            rgba[x * 4] = r;
            rgba[(x * 4) + 1] = g;
            rgba[(x * 4) + 2] = b;
            rgba[(x * 4) + 3] = a;
        }
    }

    /// <summary>The usual photo PNGs (8-bit grey, RGB, RGBA without tRNS) in one tight loop each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToRgbaCommon(byte[] row, byte[] rgba, int width, int colorType)
    {
        switch (colorType)
        {
            case 0:
                for (var x = 0; x < width; x++)
                {
                    var v = row[x];
                    rgba[x * 4] = v;
                    rgba[(x * 4) + 1] = v;
                    rgba[(x * 4) + 2] = v;
                    rgba[(x * 4) + 3] = 255;
                }

                break;
            case 2:
                for (var x = 0; x < width; x++)
                {
                    rgba[x * 4] = row[x * 3];
                    rgba[(x * 4) + 1] = row[(x * 3) + 1];
                    rgba[(x * 4) + 2] = row[(x * 3) + 2];
                    rgba[(x * 4) + 3] = 255;
                }

                break;
            default:
                row.AsSpan(0, width * 4).CopyTo(rgba);
                break;
        }
    }

    /// <summary>The <paramref name="index"/>th sample of a row packed at <paramref name="depth"/> bits.</summary>
    private static int Sample(byte[] row, int index, int depth) => depth switch
    {
        16 => (row[index * 2] << 8) | row[(index * 2) + 1],
        8 => row[index],
        _ => (row[index * depth >> 3] >> (8 - depth - (index * depth & 7))) & ((1 << depth) - 1),
    };
}

/// <summary>
/// Shrinks a picture given one RGBA row at a time to at most a long side, averaging every source pixel on white into
/// the output pixel it falls in. Holds one output row of sums, never the source.
/// </summary>
internal sealed class RowShrinker
{
    private readonly int _width, _height, _targetWidth, _targetHeight;
    private readonly int[] _column;
    private readonly uint[] _sums;
    private readonly uint[] _counts;
    private readonly byte[] _output;
    private int _row, _outRow;

    public RowShrinker(int width, int height, int maxLongSide)
    {
        var f = Math.Min(1, (double)maxLongSide / Math.Max(width, height));
        (_width, _height) = (width, height);
        _targetWidth = Math.Max(1, (int)Math.Round(width * f));
        _targetHeight = Math.Max(1, (int)Math.Round(height * f));
        _column = new int[width];
        for (var x = 0; x < width; x++)
        {
            _column[x] = (int)((long)x * _targetWidth / width);
        }

        _sums = new uint[_targetWidth * 3];
        _counts = new uint[_targetWidth];
        _output = new byte[_targetWidth * _targetHeight * 4];
    }

    /// <summary>Adds the next row (RGBA, straight alpha); it is flattened on white in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(byte[] rgba)
    {
        var target = (int)((long)_row * _targetHeight / _height);
        if (target != _outRow)
        {
            WriteRow();
            _outRow = target;
        }

        PhotoReader.FlattenOnWhite(rgba.AsSpan(0, _width * 4));
        for (var x = 0; x < _width; x++)
        {
            var c = _column[x];
            _sums[c * 3] += rgba[x * 4];
            _sums[(c * 3) + 1] += rgba[(x * 4) + 1];
            _sums[(c * 3) + 2] += rgba[(x * 4) + 2];
            _counts[c]++;
        }

        _row++;
    }

    public RgbaImage Finish()
    {
        WriteRow();
        return new RgbaImage(_targetWidth, _targetHeight, _output);
    }

    private void WriteRow()
    {
        var o = _outRow * _targetWidth * 4;
        for (var x = 0; x < _targetWidth; x++)
        {
            var n = Math.Max(1u, _counts[x]);
            _output[o + (x * 4)] = (byte)((_sums[x * 3] + (n / 2)) / n);
            _output[o + (x * 4) + 1] = (byte)((_sums[(x * 3) + 1] + (n / 2)) / n);
            _output[o + (x * 4) + 2] = (byte)((_sums[(x * 3) + 2] + (n / 2)) / n);
            _output[o + (x * 4) + 3] = 255;
        }

        Array.Clear(_sums);
        Array.Clear(_counts);
    }
}
