using System.Text;
using Coloring.Domain.Export;
using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Tests.Domain.Export;

/// <summary>The embedded font is cut down to the glyphs a document uses, and still draws them all.</summary>
public sealed class FontSubsetTests
{
    [Theory]
    [InlineData("Emma's book")]
    [InlineData("Σελίδα ζωγραφικής")]
    [InlineData("Раскраска для Маши")]
    [InlineData("Ærø, Łódź, Crème brûlée, ñ, ŷ")]
    public void TheSubsetDrawsEveryGlyphOfItsTextsWithTheSameWidths(string text)
    {
        using var subset = PdfFont.SubsetFor([text]);
        using var whole = PdfFont.Create(PdfFont.Typeface, 20);
        using var cut = PdfFont.Create(subset, 20);

        foreach (var glyph in whole.GetGlyphs(text.Replace(" ", "", StringComparison.Ordinal)))
        {
            using var original = whole.GetGlyphPath(glyph);
            using var kept = cut.GetGlyphPath(glyph);
            Assert.False(kept is null || kept.IsEmpty, $"glyph {glyph} of '{text}' lost its outline");
            Assert.Equal(original!.PointCount, kept.PointCount);
        }

        Assert.Equal(whole.MeasureText(text), cut.MeasureText(text), 0.01f);
    }

    [Fact]
    public void GlyphsNotUsedLoseTheirOutlinesAndTheFontShrinks()
    {
        using var subset = PdfFont.SubsetFor(["abc"]);
        using var cut = PdfFont.Create(subset, 20);

        using var unused = cut.GetGlyphPath(cut.GetGlyphs("Ж")[0]);
        Assert.True(unused is null || unused.IsEmpty);
        using var stream = subset.OpenStream();
        Assert.InRange(stream.Length, 1, 150_000); // the whole font is 760 KB
    }

    [Fact]
    public void APdfEmbedsOnlyTheSubsetOfTheFont()
    {
        var layout = new PdfLayout(Paper.A4, PdfOrientation.Automatic, "Small font", false, false, true, "Small font", DateTimeOffset.UnixEpoch);

        var pdf = PdfExporter.Write(layout, [new PageStrokes([new PageStroke("M0 0 L100 100", 4)], 200, 200)]);

        var raw = Encoding.Latin1.GetString(pdf);
        var length1 = System.Text.RegularExpressions.Regex.Match(raw, @"/Length1 (\d+)");
        Assert.True(length1.Success, "the font is embedded");
        Assert.InRange(int.Parse(length1.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 150_000);
        Assert.InRange(pdf.Length, 1, 100_000);
    }
}
