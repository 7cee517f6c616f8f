using System.Text;
using Coloring.Domain.Export;
using Coloring.Engine;
using Coloring.Tests.Engine;
using UglyToad.PdfPig;

namespace Coloring.Tests.Domain.Export;

/// <summary>Reading stored drawings safely, and drawing what was read.</summary>
public sealed class PageStrokesTests
{
    [Fact]
    public void TheEnginesSvgReadsBackAsItsOwnStrokes()
    {
        var page = new LocalPageGenerator().Generate(TestImages.Photo("house.jpg"), new PageOptions(AgePreset.Toddler, Paper.Letter));

        var read = PageStrokes.ReadSvg(Encoding.UTF8.GetBytes(page.Svg));

        Assert.Equal(page.PathData, read.Strokes.Select(s => s.PathData));
        Assert.All(read.Strokes, s => Assert.Equal((float)page.Drawing.StrokeWidth, s.Width, 0.01f));
        Assert.Equal((page.Width, page.Height), ((int)read.Width, (int)read.Height));
    }

    [Fact]
    public void StrokeWidthsAreInheritedAndTemplatesAreNotInk()
    {
        const string svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 500" stroke-width="2">
              <defs><path id="t" d="M0 0 L5 5"/></defs>
              <g stroke-width="7px"><path d="M1 1 L2 2"/><g><path d="M3 3 L4 4" stroke-width="3"/></g></g>
              <path d="M6 6 L7 7"/>
              <path d=""/>
              <clipPath><path d="M8 8 L9 9"/></clipPath>
            </svg>
            """;

        var read = PageStrokes.ReadSvg(Encoding.UTF8.GetBytes(svg));

        Assert.Equal([new PageStroke("M1 1 L2 2", 7), new PageStroke("M3 3 L4 4", 3), new PageStroke("M6 6 L7 7", 2)], read.Strokes);
        Assert.Equal((1000f, 500f), (read.Width, read.Height));
    }

    [Fact]
    public void AHugeStrokeWidthIsCappedSoItCannotBlackenThePage()
    {
        var read = PageStrokes.ReadSvg(Encoding.UTF8.GetBytes("""<svg viewBox="0 0 1000 1000"><path stroke-width="1e30" d="M0 0 L1 1"/><path stroke-width="NaN" d="M0 0 L1 1"/></svg>"""));

        Assert.Equal([100f, 1f], read.Strokes.Select(s => s.Width));
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg><path d=\"&x;\"/></svg>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><svg><path d=\"&lol2;\"/></svg>")]
    [InlineData("<svg><path d='M0 0'>")]
    [InlineData("<html/>")]
    [InlineData("")]
    [InlineData("just text")]
    public void HostileOrBrokenFilesAreRefused(string svg)
    {
        Assert.Throws<FormatException>(() => PageStrokes.ReadSvg(Encoding.UTF8.GetBytes(svg)));
    }

    [Fact]
    public void AFileOverTheSizeCapIsRefusedBeforeParsing()
    {
        var big = new byte[PageStrokes.MaxSvgBytes + 1];

        var error = Assert.Throws<FormatException>(() => PageStrokes.ReadSvg(big));
        Assert.Equal("The drawing is too large.", error.Message);
    }

    [Fact]
    public void PathDataThatDoesNotParseIsLeftOutAndTheRestIsDrawn()
    {
        var strokes = new PageStrokes([new PageStroke("M10 10 L90 90", 2), new PageStroke("this is not path data", 2), new PageStroke("M 1e999 0 L", 2)], 100, 100);
        var layout = new PdfLayout(Paper.A4, PdfOrientation.Automatic, null, false, false, false, "Test", DateTimeOffset.UnixEpoch);

        var pdf = PdfExporter.Write(layout, [strokes]);

        using var document = PdfDocument.Open(pdf);
        Assert.Single(document.GetPage(1).Paths);
    }

    [Fact]
    public void ABlankPageStillMakesASheetOfItsOwnShape()
    {
        var layout = new PdfLayout(Paper.Letter, PdfOrientation.Automatic, "Blank", false, false, false, "Blank", DateTimeOffset.UnixEpoch);

        var pdf = PdfExporter.Write(layout, [new PageStrokes([], 3300, 2550)]);

        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        Assert.Equal((792, 612), page.Size());
        Assert.Empty(page.Paths);
        Assert.Equal("Blank", page.Text);
    }
}
