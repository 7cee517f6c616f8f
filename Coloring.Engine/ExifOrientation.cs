using System.Buffers.Binary;
using SkiaSharp;

namespace Coloring.Engine;

/// <summary>
/// The EXIF orientation of a JPEG, read straight from its bytes as SkiaSharp reads it (the tests compare the two): the
/// first APP1 segment that starts with "Exif\0" and a pad byte, the byte order of its TIFF data, then the Orientation
/// tag (a single SHORT from 1 to 8) in the first directory or in the Exif directory it points to. Anything missing, out
/// of range, cut short or pointing past the end gives <see cref="SKEncodedOrigin.TopLeft"/> (as stored). Only those two
/// directories are read, so directories pointing at each other cannot loop, and entry counts are capped to what the
/// segment holds.
/// </summary>
internal static class ExifOrientation
{
    private const ushort OrientationTag = 0x0112;
    private const ushort ExifDirectoryTag = 0x8769;
    private const ushort Short = 3;
    private const ushort Long = 4;
    private const int EntrySize = 12;

    public static SKEncodedOrigin OfJpeg(ReadOnlySpan<byte> jpeg)
    {
        var tiff = ExifSegment(jpeg);
        if (tiff.Length < 8)
        {
            return SKEncodedOrigin.TopLeft;
        }

        // Like SkiaSharp, the byte order is checked and the TIFF magic number (42) is not.
        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
        {
            little = true;
        }
        else if (tiff[0] == 'M' && tiff[1] == 'M')
        {
            little = false;
        }
        else
        {
            return SKEncodedOrigin.TopLeft;
        }

        return FindIn(tiff, U32(tiff[4..], little), little, followExif: true) ?? SKEncodedOrigin.TopLeft;
    }

    /// <summary>The TIFF data of the first EXIF APP1 segment before the scan, or empty.</summary>
    private static ReadOnlySpan<byte> ExifSegment(ReadOnlySpan<byte> b)
    {
        var i = 2;
        while (i + 4 <= b.Length && b[i] == 0xFF)
        {
            var marker = b[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2; // a marker without a length
                continue;
            }

            if (marker is 0xD8 or 0xD9 or 0xDA)
            {
                break; // the scan begins (or the file is odd): no metadata after it counts
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(b.Slice(i + 2, 2));
            if (length < 2 || i + 2 + length > b.Length)
            {
                break;
            }

            var payload = b.Slice(i + 4, length - 2);
            if (marker == 0xE1 && payload.Length >= 6 && payload[..5].SequenceEqual("Exif\0"u8))
            {
                return payload[6..];
            }

            i += 2 + length;
        }

        return [];
    }

    private static SKEncodedOrigin? FindIn(ReadOnlySpan<byte> tiff, uint at, bool little, bool followExif)
    {
        if (at > tiff.Length - 2L)
        {
            return null;
        }

        var directory = tiff[(int)at..];
        var count = Math.Min(U16(directory, little), (directory.Length - 2) / EntrySize);
        for (var e = 0; e < count; e++)
        {
            var entry = directory.Slice(2 + e * EntrySize, EntrySize);
            var tag = U16(entry, little);
            var type = U16(entry[2..], little);
            var values = U32(entry[4..], little);
            if (tag == OrientationTag && type == Short && values == 1)
            {
                var value = U16(entry[8..], little);
                if (value is >= 1 and <= 8)
                {
                    return (SKEncodedOrigin)value;
                }
            }
            else if (tag == ExifDirectoryTag && followExif && type == Long && values == 1
                && FindIn(tiff, U32(entry[8..], little), little, followExif: false) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static ushort U16(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    private static uint U32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
}
