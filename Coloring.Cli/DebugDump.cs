using System.Runtime.InteropServices;
using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Cli;

/// <summary>Hidden verb: writes the segmentation stages of one photo as mean-colour PNGs (for tuning the engine).</summary>
internal static class DebugDump
{
    public static int Run(CliArguments a, TextWriter stdout)
    {
        var dir = a.Output ?? "debug";
        Directory.CreateDirectory(dir);
        var stem = Path.GetFileNameWithoutExtension(a.Input);
        var page = new LocalPageGenerator(new PngTrace(dir, stem)).Generate(File.ReadAllBytes(a.Input), a.Options);
        File.WriteAllBytes(Path.Combine(dir, $"{stem}-page.png"), page.Png);
        stdout.WriteLine(System.Text.Json.JsonSerializer.Serialize(page.Metrics, Program.Json));
        return 0;
    }

    /// <summary>Writes every intermediate picture as <c>{stem}-{stage}.png</c> in <c>dir</c>: label maps in their
    /// regions' mean lightness with red borders, 0..1 maps in grey.</summary>
    private sealed class PngTrace(string dir, string stem) : IPageTrace
    {
        public void Labels(string stage, int[] labels, int width, int height, LabImage? colours)
        {
            var count = labels.Max() + 1;
            var sum = new double[count, 3];
            var n = new int[count];
            var rgba = new byte[width * height * 4];
            if (colours is not null)
            {
                for (var i = 0; i < labels.Length; i++)
                {
                    sum[labels[i], 0] += colours.L[i];
                    sum[labels[i], 1] += colours.A[i];
                    sum[labels[i], 2] += colours.B[i];
                    n[labels[i]]++;
                }
            }

            for (var i = 0; i < labels.Length; i++)
            {
                var r = labels[i];
                var l = colours is null ? (r * 37 % 200) + 30 : sum[r, 0] / n[r] * 2.55;
                var edge = (i % width + 1 < width && labels[i + 1] != r) || (i + width < labels.Length && labels[i + width] != r);
                var v = (byte)(edge ? 255 : Math.Clamp(l, 0, 255));
                rgba[4 * i] = v;
                rgba[4 * i + 1] = edge ? (byte)0 : v;
                rgba[4 * i + 2] = edge ? (byte)0 : v;
                rgba[4 * i + 3] = 255;
            }

            Write($"{stage}-{count}", rgba, new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        }

        public void Map(string stage, Func<float[]> values, int width, int height) =>
            Write(stage, values().Select(v => (byte)Math.Clamp(v * 255, 0, 255)).ToArray(), new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));

        private void Write(string name, byte[] pixels, SKImageInfo info)
        {
            using var bmp = new SKBitmap(info);
            Marshal.Copy(pixels, 0, bmp.GetPixels(), pixels.Length);
            using var data = bmp.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(dir, $"{stem}-{name}.png"), data.ToArray());
        }
    }
}
