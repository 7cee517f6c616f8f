using System.Text.Json;
using UglyToad.PdfPig;
using CliProgram = Coloring.Cli.Program;

namespace Coloring.Tests.Domain.Export;

/// <summary>The CLI's <c>pdf</c> and <c>pdf-bench</c> verbs, used by bench/pdf/run.sh.</summary>
public sealed class PdfCliTests
{
    [Fact]
    public void PdfPrintsAFolderOfSvgsAsABookAndBenchReportsItsFigures()
    {
        var folder = Directory.CreateTempSubdirectory("coloring-pdf-cli");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a.svg"), ExportPages.Lines(1));
            File.WriteAllText(Path.Combine(folder.FullName, "b.svg"), ExportPages.Lines(2, 3508, 2480));
            var output = Path.Combine(folder.FullName, "book.pdf");
            var stdout = new StringWriter();

            var code = CliProgram.Run(["pdf", folder.FullName, "-o", output, "--title", "CLI book", "--cover", "--paper", "letter"], stdout, new StringWriter());
            var bench = new StringWriter();
            var benchCode = CliProgram.Run(["pdf-bench", folder.FullName, "--runs", "1", "--book", "3"], bench, new StringWriter());

            Assert.Equal(0, code);
            using (var pdf = PdfDocument.Open(output))
            {
                Assert.Equal(3, pdf.NumberOfPages);
                Assert.Equal((792, 612), pdf.GetPage(3).Size());
            }

            Assert.Equal(0, benchCode);
            var figures = JsonDocument.Parse(bench.ToString()).RootElement;
            Assert.True(figures.GetProperty("onePageMedianMs").GetDouble() > 0);
            Assert.True(figures.GetProperty("onePageLargestBytes").GetInt32() > 0);
            Assert.Equal(3, figures.GetProperty("bookPages").GetInt32());
            Assert.True(figures.GetProperty("peakMemoryMb").GetDouble() > 0);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("pdf", "--paper", "a3")]
    [InlineData("pdf", "--orientation", "sideways")]
    [InlineData("pdf-bench", "--runs", "0")]
    [InlineData("pdf", "--title", "\u0001")]
    public void BadArgumentsExitWithTwo(string verb, string option, string value)
    {
        var folder = Directory.CreateTempSubdirectory("coloring-pdf-cli");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a.svg"), ExportPages.Lines(1));
            var stderr = new StringWriter();

            var code = CliProgram.Run([verb, folder.FullName, "-o", Path.Combine(folder.FullName, "x.pdf"), option, value], new StringWriter(), stderr);

            Assert.Equal(2, code);
            Assert.False(string.IsNullOrWhiteSpace(stderr.ToString()));
            Assert.False(File.Exists(Path.Combine(folder.FullName, "x.pdf")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
