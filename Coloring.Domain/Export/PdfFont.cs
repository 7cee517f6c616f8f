using System.Text;
using SkiaSharp;

namespace Coloring.Domain.Export;

/// <summary>
/// DejaVu Sans, shipped inside this assembly (licence in Export/Fonts/LICENSE-DejaVu.txt): SkiaSharp finds no
/// system fonts on this runtime, so every text of a PDF is drawn with it. It covers Latin, Greek and Cyrillic.
/// </summary>
public static class PdfFont
{
    private static readonly Lazy<byte[]> File = new(Load);

    private static readonly Lazy<SKTypeface> Face = new(() => FromBytes(File.Value));

    /// <summary>The whole typeface; thread-safe to share.</summary>
    public static SKTypeface Typeface => Face.Value;

    /// <summary>A font of <paramref name="face"/> at <paramref name="size"/> points.</summary>
    /// <remarks>Linear, unhinted metrics: the PDF scales outlines freely, so widths must not be rounded to pixels.</remarks>
    public static SKFont Create(SKTypeface face, float size) => new(face, size) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None, Edging = SKFontEdging.Antialias };

    /// <summary>
    /// The typeface cut down to the glyphs of <paramref name="texts"/>, for one document: the PDF embeds this
    /// (tens of kilobytes) instead of the whole font. Glyph numbers and widths are those of the whole font.
    /// </summary>
    public static SKTypeface SubsetFor(IEnumerable<string> texts)
    {
        var glyphs = new HashSet<ushort>();
        using (var font = new SKFont(Typeface))
        {
            foreach (var text in texts)
            {
                glyphs.UnionWith(font.GetGlyphs(text));
            }
        }

        return FromBytes(FontSubset.Keep(File.Value, glyphs));
    }

    private static readonly Lazy<SKFont> Probe = new(() => new SKFont(Typeface, 12));

    /// <summary>True when the font can draw <paramref name="rune"/>.</summary>
    public static bool CanDraw(Rune rune)
    {
        // SKFont is not thread-safe to share; looking a glyph up is quick, so one probe behind a lock does.
        lock (Probe)
        {
            return Probe.Value.ContainsGlyph(rune.Value);
        }
    }

    /// <summary>
    /// The text as it will be printed: characters the font cannot draw (Chinese, emoji, ...) are left out rather
    /// than printed as empty boxes, and runs of spaces become one.
    /// </summary>
    public static string Printable(string text)
    {
        var printable = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                if (printable.Length > 0 && printable[^1] != ' ')
                {
                    printable.Append(' ');
                }
            }
            else if (CanDraw(rune))
            {
                printable.Append(rune.ToString());
            }
        }

        return printable.ToString().Trim();
    }

    private static byte[] Load()
    {
        using var resource = typeof(PdfFont).Assembly.GetManifestResourceStream("Coloring.Domain.Export.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The PDF font is missing from the Coloring.Domain assembly.");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }

    private static SKTypeface FromBytes(byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException("The PDF font could not be loaded.");
    }
}
