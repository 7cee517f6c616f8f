using System.Text.Json;
using CliProgram = Coloring.Cli.Program;

namespace Coloring.Tests.Engine;

public class CliTests
{
    [Fact]
    public void RenderWritesPagesAndOneJsonLinePerPhotoAndFailsForABadOne()
    {
        var input = Directory.CreateTempSubdirectory("coloring-in");
        var output = Path.Combine(Path.GetTempPath(), "coloring-out-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.Copy(Path.Combine(TestImages.Folder, "sweets.png"), Path.Combine(input.FullName, "a-sweets.png"));
            File.WriteAllText(Path.Combine(input.FullName, "b-broken.jpg"), "not a photo");
            File.Copy(Path.Combine(TestImages.Folder, "house.jpg"), Path.Combine(input.FullName, "c-house.jpg"));
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            var code = CliProgram.Run(["render", input.FullName, "-o", output, "--preset", "toddler", "--paper", "letter", "--svg"], stdout, stderr);

            Assert.NotEqual(0, code);
            var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(3, lines.Count);
            Assert.True(lines[1].TryGetProperty("error", out _));
            Assert.Contains("b-broken.jpg", stderr.ToString());
            foreach (var line in new[] { lines[0], lines[2] })
            {
                Assert.Equal(3300, Math.Max(line.GetProperty("width").GetInt32(), line.GetProperty("height").GetInt32()));
                foreach (var key in new[] { "decode", "process", "encode", "total" })
                {
                    Assert.True(line.GetProperty("ms").GetProperty(key).GetDouble() >= 0);
                }

                Assert.Equal("toddler", line.GetProperty("metrics").GetProperty("preset").GetString());
                Assert.True(File.Exists(line.GetProperty("output").GetString()));
            }

            Assert.True(File.Exists(Path.Combine(output, "c-house.svg")));
        }
        finally
        {
            input.Delete(true);
            if (Directory.Exists(output))
            {
                Directory.Delete(output, true);
            }
        }
    }

    [Fact]
    public void RenderOfOneGoodPhotoExitsZero()
    {
        var output = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".png");
        try
        {
            var code = CliProgram.Run(["render", Path.Combine(TestImages.Folder, "house.jpg"), "-o", output, "--line-pt", "4"], new StringWriter(), new StringWriter());
            Assert.Equal(0, code);
            Assert.True(File.Exists(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void UnknownPresetIsAUsageError() =>
        Assert.Equal(2, CliProgram.Run(["render", "x.jpg", "-o", "y.png", "--preset", "baby"], new StringWriter(), new StringWriter()));

    [Theory]
    [InlineData("render", "missing <photo or folder>")]
    [InlineData("render a.jpg b.jpg", "unexpected argument 'b.jpg'")]
    [InlineData("render --frobnicate a.jpg", "unexpected argument '--frobnicate'")]
    [InlineData("render a.jpg - ", "unexpected argument '-'")]
    [InlineData("render a.jpg --preset", "--preset must be toddler, kids or detailed")]
    [InlineData("render a.jpg --preset babies", "--preset must be toddler, kids or detailed")]
    [InlineData("render a.jpg --paper a3 --preset baby", "--paper must be a4 or letter")]
    [InlineData("render a.jpg --line-pt 12.5", "--line-pt must be a number of points between 0.5 and 12")]
    [InlineData("render a.jpg --line-pt NaN", "--line-pt must be a number of points between 0.5 and 12")]
    [InlineData("render a.jpg --line-pt 1e999", "--line-pt must be a number of points between 0.5 and 12")]
    [InlineData("render a.jpg", "render needs -o <file or folder>")]
    [InlineData("render a.jpg -o", "render needs -o <file or folder>")]
    [InlineData("bench photos --runs 0", "--runs must be a positive number")]
    [InlineData("bench photos --runs 99999999999", "--runs must be a positive number")]
    [InlineData("bench --runs", "--runs must be a positive number")]
    public void EveryVerbExplainsABadCommandLineAndExitsWithTwo(string commandLine, string message)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliProgram.Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), stdout, stderr);
        Assert.Equal(2, code);
        Assert.Equal(message, stderr.ToString().Split('\n')[0].TrimEnd('\r'));
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void OptionsComeInAnyOrderTheLastOneCountsAndFlagsTakeNoValue()
    {
        var output = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".png");
        try
        {
            var stdout = new StringWriter();
            var code = CliProgram.Run(
                ["render", "--preset", "detailed", "--svg", "--output", "ignored.png", Path.Combine(TestImages.Folder, "house.jpg"), "--preset", "toddler", "-o", output],
                stdout,
                new StringWriter());
            Assert.Equal(0, code);
            var line = JsonDocument.Parse(stdout.ToString()).RootElement;
            Assert.Equal("toddler", line.GetProperty("metrics").GetProperty("preset").GetString());
            Assert.Equal(output, line.GetProperty("output").GetString());
            Assert.True(File.Exists(Path.ChangeExtension(output, ".svg")));
            Assert.False(File.Exists("ignored.png"));
        }
        finally
        {
            File.Delete(output);
            File.Delete(Path.ChangeExtension(output, ".svg"));
        }
    }
}

public class CliLikenessTests
{
    private static (int Code, string Out, string Err) Likeness(DirectoryInfo folder, string? parts, params string[] more)
    {
        if (parts is not null)
        {
            File.WriteAllText(Path.Combine(folder.FullName, "parts.json"), parts);
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliProgram.Run(["likeness", folder.FullName, .. more], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void LikenessMeasuresEveryAnnotatedPhotoAtEveryPresetAndDrawsTheSheet()
    {
        var folder = Directory.CreateTempSubdirectory("coloring-likeness");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "sub"));
            File.Copy(Path.Combine(TestImages.Folder, "sweets.png"), Path.Combine(folder.FullName, "sub", "sweets.png"));
            var sheet = Path.Combine(folder.FullName, "sheet.png");

            var (code, stdout, stderr) = Likeness(folder, """{"sweets.png": {"green sweet": [0.58, 0.25, 0.72, 0.41], "nothing": [0.02, 0.02, 0.1, 0.1]}}""", "-o", sheet);

            Assert.Equal(0, code);
            Assert.Equal("", stderr);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var pages = lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(["toddler", "kids", "detailed"], pages.Select(p => p.GetProperty("preset").GetString()));
            Assert.All(pages, p =>
            {
                Assert.Equal(1, p.GetProperty("parts").GetProperty("green sweet").GetDouble(), 0.1);
                Assert.Equal(0, p.GetProperty("parts").GetProperty("nothing").GetDouble());
                Assert.Equal(0.5, p.GetProperty("traced").GetDouble());
                Assert.False(p.TryGetProperty("eyes", out _));
            });
            Assert.Equal(3, lines.Count(l => l.StartsWith("== ", StringComparison.Ordinal) && l.Contains("parts traced 50.0 %", StringComparison.Ordinal)));
            Assert.True(new FileInfo(sheet).Length > 1000);
        }
        finally
        {
            folder.Delete(true);
        }
    }

    [Theory]
    [InlineData(null, "parts.json")]
    [InlineData("""{"gone.jpg": {"eye": [0.1, 0.1, 0.2, 0.2]}}""", "annotated but not found: gone.jpg")]
    [InlineData("""{"gone.jpg": {"eye": [0.3, 0.1, 0.2, 0.2]}}""", "'eye' is not a box")]
    [InlineData("""{"gone.jpg": {"eye": "left"}}""", "parts.json")]
    [InlineData("not json", "parts.json")]
    [InlineData("", "parts.json")]
    public void LikenessWithoutAUsableAnnotationFileSaysWhyAndExitsWithTwo(string? parts, string message)
    {
        var folder = Directory.CreateTempSubdirectory("coloring-likeness");
        try
        {
            var (code, stdout, stderr) = Likeness(folder, parts);
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.Contains(message, stderr, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(true);
        }
    }
}
