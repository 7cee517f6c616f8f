using System.Text.Json;
using CliProgram = Coloring.Cli.Program;

namespace Coloring.Tests.Domain.Imaging;

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
}
