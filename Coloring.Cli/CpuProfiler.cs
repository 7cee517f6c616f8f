using System.Diagnostics;
using Coloring.Engine;

namespace Coloring.Cli;

/// <summary>Hidden verb <c>prof &lt;photo&gt;</c>, the CPU profiler: the fastest of 15 runs of each working-size step (robust on a loaded machine).</summary>
internal static class CpuProfiler
{
    public static int Run(CliArguments a, TextWriter stdout)
    {
        var bytes = File.ReadAllBytes(a.Input);
        var preset = PresetSettings.For(a.Options.Preset);
        var times = new Dictionary<string, double>();
        void Time(string name, Action action)
        {
            var sw = Stopwatch.StartNew();
            action();
            var ms = sw.Elapsed.TotalMilliseconds;
            times[name] = times.TryGetValue(name, out var old) ? Math.Min(old, ms) : ms;
        }

        for (var run = 0; run < 15; run++)
        {
            RgbaImage image = null!;
            LabImage lab = null!;
            Time("decode", () => image = PhotoReader.DecodeForWork(bytes, preset.WorkingLongSide, out _));
            Time("lab", () => lab = Segmenter.ToLab(image));
            Time("normalize", () => Segmenter.NormalizeContrast(lab));
            Time("kuwahara x2", () =>
            {
                EdgePreserving.Kuwahara(lab, preset.KuwaharaRadius, passes: 2);
            });
            Time("blur", () => Segmenter.Blur(lab, preset.BlurSigma));
            float[] detail = null!;
            var ds = DetailSettings.For(a.Options.Preset);
            Time("detail response", () => detail = DetailLines.Response(lab.L, image.Width, image.Height, ds.Sigma));
            Time("saliency", () => Saliency.Estimate(lab));
            int[] labels = null!;
            Time("segment", () => labels = Segmenter.GraphSegment(lab, preset.SegmentScale, 30, out _));
            Time("detail extract", () => DetailLines.Extract(detail, null, labels, image.Width, image.Height, ds, 4.5, 14.6, 20000));
            ColoringPage page = null!;
            Time("whole page", () => page = new LocalPageGenerator().Generate(bytes, a.Options));
            foreach (var (k, v) in page.Metrics.StageMs)
            {
                times["  page " + k] = times.TryGetValue("  page " + k, out var old) ? Math.Min(old, v) : v;
            }
        }

        foreach (var (k, v) in times)
        {
            stdout.WriteLine($"{k,-14} {v,7:F1} ms");
        }

        return 0;
    }
}
