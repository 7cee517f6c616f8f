using System.Diagnostics;
using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Cli;

/// <summary>Verb <c>sheet &lt;folder&gt; -o sheet.png</c>: every photo in the folder next to its toddler, kids and detailed
/// page (small previews), two photos per row; prints one metrics line per page. For judging the engine by eye.</summary>
internal static class ContactSheet
{
    private const int Cell = 250;
    private const int Label = 22;

    public static int Run(CliArguments a, TextWriter stdout)
    {
        var photos = Directory.GetFiles(a.Input)
            .Where(f => new[] { ".jpg", ".jpeg", ".png", ".webp" }.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToList();
        var presets = Enum.GetValues<AgePreset>();
        var generator = new LocalPageGenerator();
        var results = new (byte[] Preview, PageMetrics Metrics)[photos.Count, presets.Length];
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < photos.Count; i++)
        {
            var bytes = File.ReadAllBytes(photos[i]);
            for (var p = 0; p < presets.Length; p++)
            {
                var page = generator.Generate(bytes, new PageOptions(presets[p], a.Options.Paper));
                results[i, p] = (page.PreviewPng, page.Metrics);
                var m = page.Metrics;
                stdout.WriteLine($"{Path.GetFileName(photos[i]),-24} {presets[p].Name(),-9} pass={m.Passed} ink={m.InkCoverage:P1} regions={m.Regions} small={m.SmallRegionShare:P1} open={m.OpenEnds} tries={m.Attempts} ms={m.StageMs.GetValueOrDefault("total"):F0} {string.Join("; ", m.Failures)}");
            }
        }

        const int perRow = 2;
        var rows = (photos.Count + perRow - 1) / perRow;
        var width = perRow * (presets.Length + 1) * Cell;
        var height = rows * (Cell + Label);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 14);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var sampling = new SKPaint { IsAntialias = true };
        for (var i = 0; i < photos.Count; i++)
        {
            var x0 = i % perRow * (presets.Length + 1) * Cell;
            var y0 = i / perRow * (Cell + Label);
            using (var photo = SKBitmap.Decode(photos[i]))
            {
                Draw(canvas, photo, x0, y0);
            }

            canvas.DrawText(Path.GetFileNameWithoutExtension(photos[i]), x0 + Cell / 2f, y0 + Cell + 16, SKTextAlign.Center, font, ink);
            for (var p = 0; p < presets.Length; p++)
            {
                using var page = SKBitmap.Decode(results[i, p].Preview);
                var x = x0 + (p + 1) * Cell;
                Draw(canvas, page, x, y0);
                canvas.DrawText(presets[p].Name() + (results[i, p].Metrics.Passed ? "" : " (gate!)"), x + Cell / 2f, y0 + Cell + 16, SKTextAlign.Center, font, ink);
            }
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(a.Output ?? "contact-sheet.png", data.ToArray());
        stdout.WriteLine($"sheet: {photos.Count} photos x {presets.Length} presets in {sw.Elapsed.TotalSeconds:F1} s -> {a.Output}");
        return 0;
    }

    private static void Draw(SKCanvas canvas, SKBitmap bitmap, int x, int y)
    {
        var s = Math.Min((Cell - 8f) / bitmap.Width, (Cell - 8f) / bitmap.Height);
        float w = bitmap.Width * s, h = bitmap.Height * s;
        var rect = SKRect.Create(x + (Cell - w) / 2, y + (Cell - h) / 2, w, h);
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, rect, new SKSamplingOptions(SKCubicResampler.Mitchell));
    }
}
