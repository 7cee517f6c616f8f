using System.Text.Json;
using Coloring.Tests.Domain.Export;
using Coloring.Web.Commands;
using UglyToad.PdfPig;

namespace Coloring.Tests.Web.Commands;

/// <summary>The web host's <c>pdf</c> and <c>pdf-bench</c> commands, used by bench/pdf/run.sh.</summary>
public sealed class PdfCommandsTests
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

            var code = HostCommands.Run(["pdf", folder.FullName, "-o", output, "--title", "CLI book", "--cover", "--paper", "letter"], stdout, new StringWriter());
            var bench = new StringWriter();
            var benchCode = HostCommands.Run(["pdf-bench", folder.FullName, "--runs", "1", "--book", "3"], bench, new StringWriter());

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

            var code = HostCommands.Run([verb, folder.FullName, "-o", Path.Combine(folder.FullName, "x.pdf"), option, value], new StringWriter(), stderr);

            Assert.Equal(2, code);
            Assert.False(string.IsNullOrWhiteSpace(stderr.ToString()));
            Assert.False(File.Exists(Path.Combine(folder.FullName, "x.pdf")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("pdf", "missing <svg or folder>")]
    [InlineData("pdf pages", "pdf needs -o <file.pdf>")]
    [InlineData("pdf pages --output", "pdf needs -o <file.pdf>")]
    [InlineData("pdf pages other -o x.pdf", "unexpected argument 'other'")]
    [InlineData("pdf pages -o x.pdf --orientation", "--orientation must be auto, portrait or landscape")]
    [InlineData("pdf pages -o x.pdf --svg", "unexpected argument '--svg'")]
    [InlineData("pdf-bench pages --book 1001", "--book must be a number from 1 to 1000")]
    [InlineData("pdf-bench pages --runs +5", "--runs must be a number from 1 to 1000")]
    [InlineData("pdf-bench pages --preset kids", "unexpected argument '--preset'")]
    public void Every_command_explains_a_bad_command_line_and_exits_with_two(string commandLine, string message)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = HostCommands.Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), stdout, stderr);
        Assert.Equal(2, code);
        Assert.Equal(message, stderr.ToString().Split('\n')[0].TrimEnd('\r'));
        Assert.Equal("", stdout.ToString());
    }

    [Theory]
    [InlineData(new[] { "pdf", "x" }, true)]
    [InlineData(new[] { "pdf-bench" }, true)]
    [InlineData(new[] { "move-files", "App_Data/storage" }, true)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5080" }, false)]
    [InlineData(new[] { "render", "x.jpg" }, false)]
    [InlineData(new string[0], false)]
    public void Only_a_command_name_as_the_first_argument_runs_a_command_instead_of_the_app(string[] args, bool isCommand) =>
        Assert.Equal(isCommand, HostCommands.IsCommand(args));
}
