using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Coloring.Engine;

/// <summary>One block of the Huffman stream, and the Huffman tables.</summary>
internal static partial class JpegDcDecoder
{
    private enum BlockResult
    {
        Ok,
        Invalid,
        PastEnd,
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Window(byte[] data, long pos) =>
        BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan((int)(pos >> 3), 8)) << (int)(pos & 7);

    /// <summary>Moves the 64-bit window on to the next unread bit once more than 41 bits of it are used (so a longest
    /// code plus its value always fits); false when that is past the end of the data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Refill(byte[] data, long endBits, ref long pos, ref int used, ref ulong w)
    {
        pos += used;
        used = 0;
        if (pos > endBits)
        {
            return false;
        }

        w = Window(data, pos);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Extend(int value, int size) => value < 1 << (size - 1) ? value - (1 << size) + 1 : value;

    /// <summary>Decodes one block: its DC difference, skipping AC terms except those kept for a 2×2 IDCT.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BlockResult DecodeBlock(byte[] data, long endBits, ref long pos, HuffmanTable dc, HuffmanTable ac, short[] kept, sbyte[]? map, int keptAt, out int diff)
    {
        diff = 0;
        if (pos > endBits)
        {
            return BlockResult.PastEnd;
        }

        var w = Window(data, pos);
        var e = dc.Decode(w);
        if (e == 0)
        {
            return BlockResult.Invalid;
        }

        var used = e >> 8;
        var s = e & 15;
        if (s != 0)
        {
            diff = Extend((int)((w << used) >> (64 - s)), s);
            used += s;
        }

        return keptAt < 0
            ? SkipAcTerms(data, endBits, ref pos, ac, used, w)
            : KeepAcTerms(data, endBits, ref pos, ac, kept, map!, keptAt, used, w);
    }

    /// <summary>Moves past a block's AC terms when only its DC term is wanted: each AC code moves on by its length plus
    /// its value's size, nothing else. <paramref name="used"/> bits of the window <paramref name="w"/> at
    /// <paramref name="pos"/> are read already.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BlockResult SkipAcTerms(byte[] data, long endBits, ref long pos, HuffmanTable ac, int used, ulong w)
    {
        var k = 1;
        var skip = ac.Skip;
        while (true)
        {
            if (used > 41 && !Refill(data, endBits, ref pos, ref used, ref w))
            {
                return BlockResult.PastEnd;
            }

            var bits = w << used;
            int step = skip[(int)(bits >> (64 - HuffmanTable.SkipBits))];
            if (step == 0)
            {
                step = ac.SkipLong(bits);
                if (step == 0)
                {
                    return BlockResult.Invalid;
                }
            }

            used += step & 0xFF;
            var advance = (step >> 8) & 0x1F;
            if (advance == 0)
            {
                break; // end of block
            }

            k += advance;
            if (k >= 64)
            {
                if (k > 64)
                {
                    return BlockResult.Invalid; // a coefficient index past 63
                }

                break;
            }
        }

        pos += used;
        return pos > endBits ? BlockResult.PastEnd : BlockResult.Ok;
    }

    /// <summary>Reads a block's AC terms, keeping those a reduced IDCT reads (<paramref name="map"/>: zig-zag index to
    /// slot, or -1) in <paramref name="kept"/> from <paramref name="keptAt"/>. <paramref name="used"/> bits of the window <paramref name="w"/> at <paramref name="pos"/>
    /// are read already.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BlockResult KeepAcTerms(byte[] data, long endBits, ref long pos, HuffmanTable ac, short[] kept, sbyte[] map, int keptAt, int used, ulong w)
    {
        var k = 1;
        var lookup = ac.Lookup;
        while (k < 64)
        {
            if (used > 41 && !Refill(data, endBits, ref pos, ref used, ref w))
            {
                return BlockResult.PastEnd;
            }

            var bits = w << used;
            int e = lookup[(int)(bits >> (64 - LookupBits))];
            if (e == 0)
            {
                e = ac.DecodeLong(bits);
                if (e == 0)
                {
                    return BlockResult.Invalid;
                }
            }

            used += e >> 8;
            var rs = e & 0xFF;
            var s = rs & 15;
            if (s == 0)
            {
                if (rs != 0xF0)
                {
                    break; // end of block
                }

                k += 16;
                if (k > 64)
                {
                    return BlockResult.Invalid;
                }

                continue;
            }

            k += rs >> 4;
            if (k > 63)
            {
                return BlockResult.Invalid;
            }

            if (map[k] >= 0)
            {
                if (used + s > 57)
                {
                    pos += used;
                    used = 0;
                    if (pos > endBits)
                    {
                        return BlockResult.PastEnd;
                    }

                    w = Window(data, pos);
                }

                kept[keptAt + map[k]] = (short)Extend((int)((w << used) >> (64 - s)), s);
            }

            used += s;
            k++;
        }

        pos += used;
        return pos > endBits ? BlockResult.PastEnd : BlockResult.Ok;
    }

    /// <summary>A Huffman table with a lookup on the next <see cref="LookupBits"/> bits and the canonical slow path for longer codes.</summary>
    private sealed class HuffmanTable
    {
        /// <summary>(code length &lt;&lt; 8) | symbol for codes of at most <see cref="LookupBits"/> bits, 0 otherwise.</summary>
        public readonly ushort[] Lookup = new ushort[1 << LookupBits];
        public const int SkipBits = 10;
        /// <summary>For AC codes of at most 10 bits: 0x8000 | (coefficients to move on, 0 = end of block) &lt;&lt; 8 | bits to move on.</summary>
        public readonly ushort[] Skip = new ushort[1 << SkipBits];
        private readonly int[] maxCode = new int[18];
        private readonly int[] valueOffset = new int[18];
        private byte[] values = [];
        public int MaxSymbol;

        public static HuffmanTable Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
        {
            var t = new HuffmanTable { values = symbols.ToArray() };
            foreach (var v in symbols)
            {
                t.MaxSymbol = Math.Max(t.MaxSymbol, v);
            }

            var code = 0;
            var p = 0;
            for (var length = 1; length <= 16; length++)
            {
                int n = counts[length - 1];
                t.valueOffset[length] = p - code;
                t.maxCode[length] = n == 0 ? -1 : code + n - 1;
                for (var c = 0; c < n; c++, code++, p++)
                {
                    // Codes must fit in their length, all-ones excluded: an over-subscribed table is broken (libjpeg agrees).
                    Require(code < (1 << length) - 1);
                    if (length <= SkipBits)
                    {
                        var shift = SkipBits - length;
                        t.Skip.AsSpan(code << shift, 1 << shift).Fill(SkipStep(length, symbols[p]));
                    }

                    if (length <= LookupBits)
                    {
                        var shift = LookupBits - length;
                        var entry = (ushort)((length << 8) | symbols[p]);
                        t.Lookup.AsSpan(code << shift, 1 << shift).Fill(entry);
                    }
                }

                Require(code < 1 << length);
                code <<= 1;
            }

            t.maxCode[17] = int.MaxValue;
            return t;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Decode(ulong bits)
        {
            int e = Lookup[(int)(bits >> (64 - LookupBits))];
            return e != 0 ? e : DecodeLong(bits);
        }

        private static ushort SkipStep(int length, int rs)
        {
            int run = rs >> 4, size = rs & 15;
            var advance = size != 0 ? run + 1 : run == 15 ? 16 : 0;
            return (ushort)(0x8000 | advance << 8 | (length + size));
        }

        public int SkipLong(ulong bits)
        {
            // Codes longer than the skip table's bits may still be in the lookup table.
            var e = Decode(bits);
            return e == 0 ? 0 : SkipStep(e >> 8, e & 0xFF);
        }

        public int DecodeLong(ulong bits)
        {
            for (var length = LookupBits + 1; length <= 16; length++)
            {
                var code = (int)(bits >> (64 - length));
                if (code <= maxCode[length])
                {
                    return (length << 8) | values[code + valueOffset[length]];
                }
            }

            return 0;
        }
    }
}
