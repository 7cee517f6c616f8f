using System.Buffers.Binary;

namespace Coloring.Engine;

/// <summary>Reading the markers: frame, tables, scan header and colour space.</summary>
internal static partial class JpegDcDecoder
{
    private sealed class Component
    {
        public int Id;
        public int H;
        public int V;
        public int QuantId;
        public short[] Quant = [];
        public HuffmanTable Dc = null!;
        public HuffmanTable Ac = null!;
    }

    private sealed class Frame
    {
        public int Width;
        public int Height;
        public Component[] Components = [];
        public int RestartInterval;
        public int ScanStart;
        public int McusX;
        public int McusY;
        public int BlocksPerMcu;
        public int LumaH = 1;
        public int LumaV = 1;
        /// <summary>Decoded at 1/4 (2×2 pixels per luma block) rather than 1/8.</summary>
        public bool Quarter;
        public bool Grey => Components.Length == 1;
        public long TotalBlocks => (long)McusX * McusY * BlocksPerMcu;
    }

    private static readonly byte[] ZigZag =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63,
    ];

    private static Frame ReadFrame(ReadOnlySpan<byte> b)
    {
        Require(b.Length >= 4 && b[0] == 0xFF && b[1] == 0xD8);
        var quant = new short[4][];
        var dcTables = new HuffmanTable?[4];
        var acTables = new HuffmanTable?[4];
        Frame? frame = null;
        bool jfif = false, adobe = false;
        var adobeTransform = -1;
        var restartInterval = 0;
        var i = 2;
        while (true)
        {
            Require(i + 1 < b.Length && b[i] == 0xFF);
            while (i + 1 < b.Length && b[i + 1] == 0xFF)
            {
                i++; // fill bytes before a marker
            }

            Require(i + 3 < b.Length);
            var marker = b[i + 1];
            int length = BinaryPrimitives.ReadUInt16BigEndian(b.Slice(i + 2, 2));
            Require(length >= 2 && i + 2 + length <= b.Length);
            var seg = b.Slice(i + 4, length - 2);
            switch (marker)
            {
                case 0xC0 or 0xC1:
                    Require(frame is null);
                    frame = ReadStartOfFrame(seg);
                    break;
                case 0xC4:
                    ReadHuffmanTables(seg, dcTables, acTables);
                    break;
                case 0xDB:
                    ReadQuantTables(seg, quant);
                    break;
                case 0xDD:
                    Require(seg.Length == 2);
                    restartInterval = BinaryPrimitives.ReadUInt16BigEndian(seg);
                    break;
                case 0xE0:
                    jfif |= seg.Length >= 14 && seg[..5].SequenceEqual("JFIF\0"u8); // libjpeg wants the whole 14-byte JFIF header
                    break;
                case 0xEE:
                    if (seg.Length >= 12 && seg[..5].SequenceEqual("Adobe"u8))
                    {
                        adobe = true;
                        adobeTransform = seg[11];
                    }

                    break;
                case (>= 0xE1 and <= 0xEF) or 0xFE:
                    break;
                case 0xDA:
                    Require(frame is not null);
                    ReadStartOfScan(seg, frame!, quant, dcTables, acTables);
                    CheckColourSpace(frame!, jfif, adobe, adobeTransform);
                    frame!.RestartInterval = restartInterval;
                    frame.ScanStart = i + 2 + length;
                    return frame;
                default:
                    // Progressive, lossless, arithmetic, hierarchical, DNL, stray RST/EOI, unknown markers.
                    throw NotHandled();
            }

            i += 2 + length;
        }
    }

    private static Frame ReadStartOfFrame(ReadOnlySpan<byte> s)
    {
        Require(s.Length >= 6 && s[0] == 8);
        int height = BinaryPrimitives.ReadUInt16BigEndian(s.Slice(1, 2));
        int width = BinaryPrimitives.ReadUInt16BigEndian(s.Slice(3, 2));
        int count = s[5];
        Require(height > 0 && width > 0 && (long)width * height <= MaxPixels);
        Require((count == 1 || count == 3) && s.Length == 6 + 3 * count);
        var frame = new Frame { Width = width, Height = height, Components = new Component[count] };
        for (var c = 0; c < count; c++)
        {
            var p = 6 + 3 * c;
            int h = s[p + 1] >> 4, v = s[p + 1] & 15, tq = s[p + 2];
            Require(h is >= 1 and <= 4 && v is >= 1 and <= 4 && tq <= 3);
            frame.Components[c] = new Component { Id = s[p], H = h, V = v, QuantId = tq };
        }

        if (count == 1)
        {
            // A single component is never interleaved: one block per MCU whatever its sampling factors say.
            frame.McusX = (width + 7) / 8;
            frame.McusY = (height + 7) / 8;
            frame.BlocksPerMcu = 1;
        }
        else
        {
            var luma = frame.Components[0];
            Require(luma.H <= 2 && luma.V <= 2);
            Require(frame.Components[1] is { H: 1, V: 1 } && frame.Components[2] is { H: 1, V: 1 });
            frame.LumaH = luma.H;
            frame.LumaV = luma.V;
            frame.McusX = (width + 8 * luma.H - 1) / (8 * luma.H);
            frame.McusY = (height + 8 * luma.V - 1) / (8 * luma.V);
            frame.BlocksPerMcu = luma.H * luma.V + 2;
        }

        return frame;
    }

    private static void ReadQuantTables(ReadOnlySpan<byte> s, short[][] quant)
    {
        var p = 0;
        while (p < s.Length)
        {
            int precision = s[p] >> 4, id = s[p] & 15;
            Require(precision <= 1 && id <= 3);
            p++;
            var size = precision == 0 ? 64 : 128;
            Require(p + size <= s.Length);
            var table = new short[64];
            for (var k = 0; k < 64; k++)
            {
                // libjpeg keeps them as 16-bit multipliers in natural order.
                table[ZigZag[k]] = precision == 0 ? s[p + k] : (short)BinaryPrimitives.ReadUInt16BigEndian(s.Slice(p + 2 * k, 2));
            }

            quant[id] = table;
            p += size;
        }
    }

    private static void ReadHuffmanTables(ReadOnlySpan<byte> s, HuffmanTable?[] dc, HuffmanTable?[] ac)
    {
        var p = 0;
        while (p < s.Length)
        {
            int tableClass = s[p] >> 4, id = s[p] & 15;
            Require(tableClass <= 1 && id <= 3 && p + 17 <= s.Length);
            var counts = s.Slice(p + 1, 16);
            var total = 0;
            foreach (var n in counts)
            {
                total += n;
            }

            Require(total <= 256 && p + 17 + total <= s.Length);
            var table = HuffmanTable.Build(counts, s.Slice(p + 17, total));
            (tableClass == 0 ? dc : ac)[id] = table;
            p += 17 + total;
        }
    }

    private static void ReadStartOfScan(ReadOnlySpan<byte> s, Frame frame, short[][] quant, HuffmanTable?[] dc, HuffmanTable?[] ac)
    {
        Require(s.Length >= 1);
        int count = s[0];
        Require(count == frame.Components.Length && s.Length == 1 + 2 * count + 3);
        for (var c = 0; c < count; c++)
        {
            var component = frame.Components[c];
            Require(s[1 + 2 * c] == component.Id);
            int td = s[2 + 2 * c] >> 4, ta = s[2 + 2 * c] & 15;
            Require(td <= 3 && ta <= 3);
            var dcTable = dc[td];
            var acTable = ac[ta];
            var q = quant[component.QuantId];
            Require(dcTable is not null && acTable is not null && q is not null && dcTable!.MaxSymbol <= 15);
            component.Dc = dcTable!;
            component.Ac = acTable!;
            component.Quant = q!;
        }

        var tail = s[(1 + 2 * count)..];
        Require(tail[0] == 0 && tail[1] == 63 && tail[2] == 0); // baseline: whole spectrum, no successive approximation
    }

    private static void CheckColourSpace(Frame frame, bool jfif, bool adobe, int adobeTransform)
    {
        if (frame.Grey)
        {
            return;
        }

        // The same guess as libjpeg's default_decompress_parms; only YCbCr is handled here.
        if (jfif)
        {
            return;
        }

        if (adobe)
        {
            Require(adobeTransform == 1);
            return;
        }

        var ids = frame.Components;
        Require(!(ids[0].Id == 'R' && ids[1].Id == 'G' && ids[2].Id == 'B'));
    }
}
