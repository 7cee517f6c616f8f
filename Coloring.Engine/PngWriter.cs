using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Coloring.Engine;

/// <summary>Minimal deterministic PNG encoder: 1-bit black/white pages and 8-bit grey previews, 300 DPI, no other metadata.</summary>
internal static class PngWriter
{
    private static readonly uint[] CrcTable = BuildCrcTable();
    private static readonly byte[] Reverse = Enumerable.Range(0, 256)
        .Select(b => (byte)Enumerable.Range(0, 8).Sum(i => ((b >> i) & 1) << (7 - i))).ToArray();

    /// <summary>Writes a 1-bit PNG; <paramref name="ink"/> holds 1 for black, 0 for white.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] WriteBilevel(byte[] ink, int width, int height)
    {
        var stride = (width + 7) / 8;
        var raw = new byte[(stride + 1) * height];
        Parallel.For(0, height, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y) =>
        {
            var o = y * (stride + 1);
            raw[o] = 0; // filter: none
            var row = ink.AsSpan(y * width, width);
            var dst = raw.AsSpan(o + 1, stride);
            var bx = 0;
            if (System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated)
            {
                // Sixteen pixels to two bytes: white (ink 0) sets the bit; the mask comes out least significant bit
                // first, PNG wants the first pixel in the most significant bit, hence the bit-reversal table.
                for (; (bx + 2) * 8 <= width; bx += 2)
                {
                    var v = System.Runtime.Intrinsics.Vector128.Create<byte>(row.Slice(bx * 8, 16));
                    var mask = System.Runtime.Intrinsics.Vector128.ExtractMostSignificantBits(
                        System.Runtime.Intrinsics.Vector128.Equals(v, System.Runtime.Intrinsics.Vector128<byte>.Zero));
                    dst[bx] = Reverse[mask & 0xFF];
                    dst[bx + 1] = Reverse[(mask >> 8) & 0xFF];
                }
            }

            for (; bx < stride; bx++)
            {
                var v = 0;
                var x0 = bx * 8;
                for (var bit = 0; bit < 8; bit++)
                {
                    var x = x0 + bit;
                    // PNG greyscale bit 1 is white; padding bits are white too.
                    var white = x >= width || row[x] == 0;
                    v = (v << 1) | (white ? 1 : 0);
                }

                dst[bx] = (byte)v;
            }
        });
        return Encode(raw, width, height, bitDepth: 1);
    }

    /// <summary>Writes an 8-bit greyscale PNG.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] WriteGray(byte[] gray, int width, int height)
    {
        var raw = new byte[(width + 1) * height];
        for (var y = 0; y < height; y++)
        {
            raw[y * (width + 1)] = 0;
            Buffer.BlockCopy(gray, y * width, raw, y * (width + 1) + 1, width);
        }

        return Encode(raw, width, height, bitDepth: 8);
    }

    private static byte[] Encode(byte[] raw, int width, int height, byte bitDepth)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = bitDepth;
        ihdr[9] = 0; // greyscale
        WriteChunk(output, "IHDR"u8, ihdr);
        var phys = new byte[9];
        BinaryPrimitives.WriteUInt32BigEndian(phys, 11811); // 300 DPI in pixels per metre
        BinaryPrimitives.WriteUInt32BigEndian(phys.AsSpan(4), 11811);
        phys[8] = 1;
        WriteChunk(output, "pHYs"u8, phys);
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                z.Write(raw);
            }

            WriteChunk(output, "IDAT"u8, compressed.ToArray());
        }

        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream s, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(len, (uint)data.Length);
        s.Write(len);
        s.Write(type);
        s.Write(data);
        var crc = Crc(0xFFFFFFFFu, type);
        crc = Crc(crc, data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(len, crc);
        s.Write(len);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
