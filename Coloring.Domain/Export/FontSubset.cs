using System.Buffers.Binary;

namespace Coloring.Domain.Export;

/// <summary>
/// Shrinks a TrueType font to the glyphs a document uses. SkiaSharp's PDF backend embeds whatever font file it is
/// given (it has no subsetter of its own), and the whole of DejaVu Sans would add about 390 KB to every PDF.
/// Glyph numbers stay as they are: unused glyphs keep their metrics but lose their outlines, and tables a PDF
/// viewer never reads (OpenType layout, kerning, glyph names) are left out. The DejaVu licence allows modified
/// copies under a name without "Bitstream", "Vera" or "Arev".
/// </summary>
internal static class FontSubset
{
    // Tables a PDF viewer draws TrueType outlines with; the rest (GSUB, GPOS, GDEF, kern, MATH, ...) are dropped.
    private static readonly string[] Kept = ["OS/2", "cmap", "cvt ", "fpgm", "gasp", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep"];

    private const ushort MoreComponents = 0x0020, ArgsAreWords = 0x0001, HaveScale = 0x0008, HaveXYScale = 0x0040, HaveTwoByTwo = 0x0080;

    /// <summary>A copy of <paramref name="font"/> that keeps only the outlines of <paramref name="glyphs"/> (and .notdef).</summary>
    public static byte[] Keep(byte[] font, IEnumerable<ushort> glyphs)
    {
        var tables = ReadDirectory(font);
        var head = tables["head"];
        var glyphCount = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["maxp"].Offset + 4));
        var longOffsets = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(head.Offset + 50)) == 1;
        var loca = tables["loca"].Offset;
        var glyf = font.AsMemory(tables["glyf"].Offset, tables["glyf"].Length);

        int Start(int glyph) => longOffsets
            ? (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(loca + glyph * 4))
            : BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(loca + glyph * 2)) * 2;

        // The glyphs asked for, .notdef, and every part of a composite glyph.
        var keep = new HashSet<int> { 0 };
        var pending = new Stack<int>(glyphs.Where(g => g < glyphCount).Select(g => (int)g));
        while (pending.Count > 0)
        {
            var glyph = pending.Pop();
            if (!keep.Add(glyph) && glyph != 0)
            {
                continue;
            }

            var data = glyf.Span[Start(glyph)..Start(glyph + 1)];
            if (data.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(data) >= 0)
            {
                continue;
            }

            var at = 10;
            ushort flags;
            do
            {
                flags = BinaryPrimitives.ReadUInt16BigEndian(data[at..]);
                var part = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 2)..]);
                if (part < glyphCount && !keep.Contains(part))
                {
                    pending.Push(part);
                }

                at += 4 + ((flags & ArgsAreWords) != 0 ? 4 : 2);
                at += (flags & HaveScale) != 0 ? 2 : (flags & HaveXYScale) != 0 ? 4 : (flags & HaveTwoByTwo) != 0 ? 8 : 0;
            }
            while ((flags & MoreComponents) != 0 && at + 4 <= data.Length);
        }

        // New glyf and loca (long offsets), every kept outline 4-byte aligned.
        var newGlyf = new MemoryStream();
        var newLoca = new byte[(glyphCount + 1) * 4];
        for (var glyph = 0; glyph < glyphCount; glyph++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(glyph * 4), (uint)newGlyf.Length);
            if (keep.Contains(glyph))
            {
                newGlyf.Write(glyf.Span[Start(glyph)..Start(glyph + 1)]);
                while (newGlyf.Length % 4 != 0)
                {
                    newGlyf.WriteByte(0);
                }
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(glyphCount * 4), (uint)newGlyf.Length);

        var newHead = font.AsSpan(head.Offset, head.Length).ToArray();
        BinaryPrimitives.WriteInt16BigEndian(newHead.AsSpan(50), 1); // long loca offsets
        BinaryPrimitives.WriteUInt32BigEndian(newHead.AsSpan(8), 0); // checkSumAdjustment, set below

        var contents = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var tag in Kept.Where(tables.ContainsKey))
        {
            contents[tag] = tag switch
            {
                "glyf" => newGlyf.ToArray(),
                "loca" => newLoca,
                "head" => newHead,
                "post" => PostWithoutNames(font.AsSpan(tables["post"].Offset, tables["post"].Length)),
                _ => font.AsSpan(tables[tag].Offset, tables[tag].Length).ToArray(),
            };
        }

        return Write(BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan()), contents);
    }

    /// <summary>The post table as version 3: the same metrics, no glyph names (PDF viewers never read them).</summary>
    private static byte[] PostWithoutNames(ReadOnlySpan<byte> post)
    {
        var header = post[..Math.Min(32, post.Length)].ToArray();
        Array.Resize(ref header, 32);
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00030000);
        return header;
    }

    private static Dictionary<string, (int Offset, int Length)> ReadDirectory(ReadOnlySpan<byte> font)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(font[4..]);
        var tables = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var record = font.Slice(12 + 16 * i, 16);
            var tag = System.Text.Encoding.ASCII.GetString(record[..4]);
            tables[tag] = ((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
        }

        foreach (var needed in new[] { "head", "maxp", "loca", "glyf" })
        {
            if (!tables.ContainsKey(needed))
            {
                throw new InvalidOperationException($"The font has no {needed} table.");
            }
        }

        return tables;
    }

    private static byte[] Write(uint version, SortedDictionary<string, byte[]> tables)
    {
        var count = (ushort)tables.Count;
        var power = 1;
        var log = 0;
        while (power * 2 <= count)
        {
            power *= 2;
            log++;
        }

        var directory = 12 + 16 * count;
        var size = directory + tables.Values.Sum(t => (t.Length + 3) & ~3);
        var output = new byte[size];
        BinaryPrimitives.WriteUInt32BigEndian(output, version);
        BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(4), count);
        BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(6), (ushort)(power * 16));
        BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(8), (ushort)log);
        BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(10), (ushort)(count * 16 - power * 16));

        var offset = directory;
        var index = 0;
        var headAt = 0;
        foreach (var (tag, data) in tables)
        {
            var record = output.AsSpan(12 + 16 * index++);
            System.Text.Encoding.ASCII.GetBytes(tag, record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)data.Length);
            data.CopyTo(output.AsSpan(offset));
            headAt = tag == "head" ? offset : headAt;
            offset += (data.Length + 3) & ~3;
        }

        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(headAt + 8), unchecked(0xB1B0AFBA - Checksum(output)));
        return output;
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i += 4)
        {
            uint word = 0;
            for (var j = 0; j < 4; j++)
            {
                word = (word << 8) | (i + j < data.Length ? data[i + j] : 0u);
            }

            sum = unchecked(sum + word);
        }

        return sum;
    }
}
