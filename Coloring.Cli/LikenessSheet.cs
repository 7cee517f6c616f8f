using System.Text.Json;
using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Cli;

/// <summary>Verb <c>likeness &lt;folder&gt; -o sheet.png</c>: every photo annotated in <c>&lt;folder&gt;/parts.json</c>
/// (found anywhere under the folder) at every preset, measured with <see cref="Likeness"/>. Prints one JSON line per
/// page, then a summary per preset; the sheet shows each photo with its part boxes (green traced at kids, red not)
/// beside its toddler, kids and detailed page.</summary>
internal static class LikenessSheet
{
    private const int Cell = 300;
    private const int Label = 22;

    public static int Run(CliArguments a, TextWriter stdout, TextWriter stderr)
    {
        var partsFile = Path.Combine(a.Input, "parts.json");
        if (!File.Exists(partsFile))
        {
            stderr.WriteLine($"no {partsFile}");
            return 2;
        }

        Dictionary<string, List<PartBox>> annotated;
        try
        {
            annotated = Likeness.ReadParts(File.ReadAllText(partsFile));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            stderr.WriteLine($"{partsFile}: {ex.Message}");
            return 2;
        }

        var files = Directory.GetFiles(a.Input, "*", SearchOption.AllDirectories)
            .GroupBy(Path.GetFileName).ToDictionary(g => g.Key!, g => g.First(), StringComparer.Ordinal);
        var missing = annotated.Keys.Where(k => !files.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            stderr.WriteLine($"annotated but not found: {string.Join(", ", missing)}");
            return 2;
        }

        var presets = Enum.GetValues<AgePreset>();
        var names = annotated.Keys.Order(StringComparer.Ordinal).ToList();
        var generator = new LocalPageGenerator();
        var previews = new Dictionary<(int Photo, int Preset), byte[]>();
        var scores = new LikenessScore[names.Count, presets.Length];
        var summary = presets.ToDictionary(p => p, _ => new List<(double Traced, double Precision, bool Passed, bool? Eyes, double Ms)>());
        for (var i = 0; i < names.Count; i++)
        {
            var bytes = File.ReadAllBytes(files[names[i]]);
            var edges = Likeness.PhotoEdges(bytes);
            var parts = annotated[names[i]];
            for (var p = 0; p < presets.Length; p++)
            {
                var page = generator.Generate(bytes, a.Options with { Preset = presets[p], LinePt = null });
                var score = Likeness.Measure(page, edges, parts);
                previews[(i, p)] = page.PreviewPng;
                scores[i, p] = score;
                var m = page.Metrics;
                var eyes = Likeness.EyesTraced(score);
                summary[presets[p]].Add((score.TracedShare, score.Precision, m.Passed, eyes, m.StageMs.GetValueOrDefault("total")));
                stdout.WriteLine(JsonSerializer.Serialize(new
                {
                    photo = names[i],
                    preset = presets[p].Name(),
                    traced = Math.Round(score.TracedShare, 3),
                    eyes,
                    precision = Math.Round(score.Precision, 3),
                    parts = score.Parts.ToDictionary(s => s.Name, s => Math.Round(s.Covered, 2)),
                    passed = m.Passed,
                    attempts = m.Attempts,
                    ink = m.InkCoverage,
                    regions = m.Regions,
                    openEnds = m.OpenEnds,
                    blob = m.LargestBlobShare,
                    small = m.SmallRegionShare,
                    specks = m.Specks,
                    ms = Math.Round(m.StageMs.GetValueOrDefault("total")),
                    failures = m.Failures,
                    subject = m.Subject is { } b ? new[] { Math.Round(b.Left, 3), Math.Round(b.Top, 3), Math.Round(b.Right, 3), Math.Round(b.Bottom, 3) } : null,
                    working = $"{m.WorkingWidth}x{m.WorkingHeight}",
                }, Program.Json));
            }
        }

        foreach (var (preset, rows) in summary)
        {
            var eyeRows = rows.Where(r => r.Eyes is not null).ToList();
            stdout.WriteLine($"== {preset.Name(),-9} parts traced {rows.Average(r => r.Traced):P1}  precision {rows.Average(r => r.Precision):P1}  " +
                $"both eyes {eyeRows.Count(r => r.Eyes == true)}/{eyeRows.Count}  gate {rows.Count(r => r.Passed)}/{rows.Count}  mean {rows.Average(r => r.Ms):F0} ms");
        }

        if (a.Output is not null)
        {
            WriteSheet(a.Output, names, files, annotated, presets, previews, scores);
        }

        return 0;
    }

    private static void WriteSheet(string output, List<string> names, Dictionary<string, string> files, Dictionary<string, List<PartBox>> annotated,
        AgePreset[] presets, Dictionary<(int Photo, int Preset), byte[]> previews, LikenessScore[,] scores)
    {
        var width = (presets.Length + 1) * Cell;
        var height = names.Count * (Cell + Label);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 14);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var box = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 2 };
        var kids = Array.IndexOf(presets, AgePreset.Kids);
        for (var i = 0; i < names.Count; i++)
        {
            var y0 = i * (Cell + Label);
            using (var photo = SKBitmap.Decode(files[names[i]]))
            {
                var rect = Draw(canvas, photo, 0, y0);
                var byName = scores[i, kids].Parts.ToDictionary(s => s.Name);
                foreach (var part in annotated[names[i]])
                {
                    box.Color = byName[part.Name].Traced ? new SKColor(0, 200, 0) : new SKColor(230, 0, 0);
                    canvas.DrawRect(SKRect.Create(rect.Left + (float)part.X0 * rect.Width, rect.Top + (float)part.Y0 * rect.Height,
                        (float)(part.X1 - part.X0) * rect.Width, (float)(part.Y1 - part.Y0) * rect.Height), box);
                }
            }

            canvas.DrawText(Path.GetFileNameWithoutExtension(names[i]), Cell / 2f, y0 + Cell + 16, SKTextAlign.Center, font, text);
            for (var p = 0; p < presets.Length; p++)
            {
                using var page = SKBitmap.Decode(previews[(i, p)]);
                var x = (p + 1) * Cell;
                Draw(canvas, page, x, y0);
                var s = scores[i, p];
                canvas.DrawText($"{presets[p].Name()} {s.Parts.Count(q => q.Traced)}/{s.Parts.Count} parts, precision {s.Precision:P0}", x + Cell / 2f, y0 + Cell + 16, SKTextAlign.Center, font, text);
            }
        }

        using var image = surface.Snapshot();
        var jpeg = output.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || output.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase);
        using var data = image.Encode(jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, jpeg ? 85 : 100);
        File.WriteAllBytes(output, data.ToArray());
    }

    private static SKRect Draw(SKCanvas canvas, SKBitmap bitmap, int x, int y)
    {
        var s = Math.Min((Cell - 8f) / bitmap.Width, (Cell - 8f) / bitmap.Height);
        float w = bitmap.Width * s, h = bitmap.Height * s;
        var rect = SKRect.Create(x + (Cell - w) / 2, y + (Cell - h) / 2, w, h);
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, rect, new SKSamplingOptions(SKCubicResampler.Mitchell));
        return rect;
    }
}
