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
        PagePipeline.DebugSink = (stage, labels, w, h, lab) =>
        {
            var count = labels.Max() + 1;
            var sum = new double[count, 3];
            var n = new int[count];
            var rgba = new byte[w * h * 4];
            if (lab is not null)
            {
                for (var i = 0; i < labels.Length; i++)
                {
                    sum[labels[i], 0] += lab.L[i];
                    sum[labels[i], 1] += lab.A[i];
                    sum[labels[i], 2] += lab.B[i];
                    n[labels[i]]++;
                }
            }

            for (var i = 0; i < labels.Length; i++)
            {
                var r = labels[i];
                var l = lab is null ? (r * 37 % 200) + 30 : sum[r, 0] / n[r] * 2.55;
                var edge = (i % w + 1 < w && labels[i + 1] != r) || (i + w < labels.Length && labels[i + w] != r);
                var v = (byte)(edge ? 255 : Math.Clamp(l, 0, 255));
                rgba[4 * i] = v;
                rgba[4 * i + 1] = edge ? (byte)0 : v;
                rgba[4 * i + 2] = edge ? (byte)0 : v;
                rgba[4 * i + 3] = 255;
            }

            using var bmp = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
            System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bmp.GetPixels(), rgba.Length);
            using var data = bmp.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(dir, $"{stem}-{stage}-{count}.png"), data.ToArray());
        };
        PagePipeline.DebugMapSink = (stage, values, w, h) =>
        {
            using var bmp = new SKBitmap(new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque));
            var bytes = values.Select(v => (byte)Math.Clamp(v * 255, 0, 255)).ToArray();
            System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bmp.GetPixels(), bytes.Length);
            using var data = bmp.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(dir, $"{stem}-{stage}.png"), data.ToArray());
        };
        var page = new LocalPageGenerator().Generate(File.ReadAllBytes(a.Input), a.Options);
        File.WriteAllBytes(Path.Combine(dir, $"{stem}-page.png"), page.Png);
        stdout.WriteLine(System.Text.Json.JsonSerializer.Serialize(page.Metrics, Program.Json));
        return 0;
    }
}
