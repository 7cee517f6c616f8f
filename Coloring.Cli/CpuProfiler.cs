using System.Diagnostics;
using Coloring.Engine;
using SkiaSharp;

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
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            var ms = sw.Elapsed.TotalMilliseconds;
            times[name] = times.TryGetValue(name, out var old) ? Math.Min(old, ms) : ms;
            if (name.StartsWith("jpeg", StringComparison.Ordinal))
            {
                // On a shared machine the CPU time a step used says more about its work than the wall time it waited.
                var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
                times[name + " cpu"] = times.TryGetValue(name + " cpu", out var oldCpu) ? Math.Min(oldCpu, used) : used;
            }
        }

        for (var run = 0; run < 15; run++)
        {
            RgbaImage image = null!;
            LabImage lab = null!;
            Time("decode", () => image = PhotoReader.DecodeForWork(bytes, preset.WorkingLongSide, out _));
            Time("lab", () => lab = Segmenter.ToLab(image));
            Time("normalize", () => Segmenter.NormalizeContrast(lab));
            if (SubjectFocus.Wanted(a.Options))
            {
                // What the page's "prepare" stage does after "decode": the subject found on this picture, then the photo
                // decoded again at the zoom, in Lab and smoothed there.
                SubjectFocus? focus = null;
                Time("subject find", () => focus = SubjectFocus.FindBox(Saliency.Estimate(lab), image.Width, image.Height) is { } box
                    ? SubjectFocus.FoundAt(box, a.Options.Background) : null);
                var zoomTo = (int)Math.Round(preset.WorkingLongSide * (focus?.Zoom ?? 1));
                if (zoomTo >= Math.Max(image.Width, image.Height) * 1.05)
                {
                    RgbaImage zoomed = null!;
                    LabImage zoomedLab = null!;
                    Time("zoom decode", () => zoomed = PhotoReader.DecodeForWork(bytes, zoomTo, out _));
                    Time("zoom lab+norm", () =>
                    {
                        zoomedLab = Segmenter.ToLab(zoomed);
                        Segmenter.NormalizeContrast(zoomedLab);
                    });
                    Time("zoom kuwahara", () => EdgePreserving.Kuwahara(zoomedLab, preset.KuwaharaRadius, passes: 2));
                    Time("zoom blur", () => Segmenter.Blur(zoomedLab, preset.BlurSigma));
                }
            }

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
            if (bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8)
            {
                // The two 1/4-scale JPEG decoders side by side (our own gives null for what it leaves to SkiaSharp).
                var report = new JpegDcDecoder.DecodeReport();
                Time("jpeg 1/4 own", () => JpegDcDecoder.Decode(bytes, JpegDcDecoder.DefaultParallelThreshold, report, quarter: true));
                times["  own destuff"] = Math.Min(times.GetValueOrDefault("  own destuff", double.MaxValue), report.DestuffMs);
                times["  own entropy"] = Math.Min(times.GetValueOrDefault("  own entropy", double.MaxValue), report.EntropyMs);
                times["  own pixels"] = Math.Min(times.GetValueOrDefault("  own pixels", double.MaxValue), report.PixelsMs);
                Time("jpeg 1/4 own 1 worker", () => JpegDcDecoder.Decode(bytes, int.MaxValue, null, quarter: true));
                Time("jpeg 1/8 own", () => JpegDcDecoder.Decode(bytes));
                Time("jpeg 1/4 skia", () =>
                {
                    using var codec = SKCodec.Create(new MemoryStream(bytes));
                    var size = codec.GetScaledDimensions(0.25f);
                    codec.GetPixels(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul), out _);
                });
            }

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
