using Coloring.Domain.Export;

namespace Coloring.Tests.Domain.Export;

/// <summary>Titles people type and the download names made from them.</summary>
public sealed class ExportTitleTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("    ", null)]
    [InlineData("  My book  ", "My book")]
    [InlineData("e\u0301cole", "école")]
    [InlineData("Кот и пёс", "Кот и пёс")]
    public void ATitleIsTrimmedAndNormalised(string? text, string? expected)
    {
        Assert.True(ExportTitle.TryNormalize(text, out var title, out var error), error);
        Assert.Equal(expected, title);
    }

    [Fact]
    public void EightyCharactersAreAllowedAfterTrimming()
    {
        var eighty = new string('a', 80);

        Assert.True(ExportTitle.TryNormalize($"   {eighty}   ", out var title, out _));
        Assert.Equal(eighty, title);
        Assert.False(ExportTitle.TryNormalize(eighty + "b", out _, out var error));
        Assert.Equal("The title can be at most 80 characters.", error);
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("a\u0007b")]
    [InlineData("\r\n")]
    [InlineData("x\u007F")]
    [InlineData("\u0085next line")]
    [InlineData("abc\u2066def")]
    [InlineData("\uFFFF")]
    [InlineData("a\uFFFFb")]
    public void ControlAndBrokenCharactersAreRefused(string text)
    {
        // A lone surrogate does not survive xUnit's theory data: U+FFFF stands for one here.
        text = text.Replace('\uFFFF', '\uDC00');

        Assert.False(ExportTitle.TryNormalize(text, out var title, out var error));
        Assert.Null(title);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("My Book", "my-book.pdf")]
    [InlineData("  Emma's  animals!! ", "emma-s-animals.pdf")]
    [InlineData("../../etc/passwd", "etc-passwd.pdf")]
    [InlineData("..\\..\\windows\\system32", "windows-system32.pdf")]
    [InlineData("a/b\\c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j.pdf")]
    [InlineData("....", "coloring-book.pdf")]
    [InlineData("", "coloring-book.pdf")]
    [InlineData(null, "coloring-book.pdf")]
    [InlineData("😀😀", "coloring-book.pdf")]
    [InlineData("CON", "con-coloring-book.pdf")]
    [InlineData("Lpt1", "lpt1-coloring-book.pdf")]
    [InlineData("Σελίδα 2", "σελίδα-2.pdf")]
    [InlineData("name.pdf", "name-pdf.pdf")]
    [InlineData("%2e%2e%2f", "2e-2e-2f.pdf")]
    public void TheFileNameKeepsOnlyLettersDigitsAndDashes(string? title, string expected)
    {
        Assert.Equal(expected, ExportTitle.FileName(title, "coloring-book"));
    }

    [Fact]
    public void AVeryLongTitleMakesAShortFileName()
    {
        var name = ExportTitle.FileName(string.Join(' ', Enumerable.Repeat("word", 40)), "coloring-page");

        Assert.InRange(name.Length, 10, 64);
        Assert.EndsWith(".pdf", name);
        Assert.DoesNotContain("-.pdf", name);
    }
}
