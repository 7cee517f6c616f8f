using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Coloring.Cli;
using Coloring.Domain.Export;
using Coloring.Engine;

namespace Coloring.Web.Commands;

/// <summary>
/// dotnet Coloring.Web.dll pdf &lt;svg or folder&gt; -o &lt;file.pdf&gt; [--paper a4|letter] [--orientation auto|portrait|landscape] [--title T] [--cover] [--watermark]
/// dotnet Coloring.Web.dll pdf-bench &lt;folder of svg&gt; [--runs N] [--book N]
/// </summary>
internal static class PdfCommands
{
    public const string Usage =
        "  pdf <svg or folder> -o <file.pdf> [--paper a4|letter] [--orientation auto|portrait|landscape] [--title T] [--cover] [--watermark]\n" +
        "  pdf-bench <folder of svg> [--runs N] [--book N]";

    /// <summary>Prints the pages' SVGs (as the app stores them) into one PDF, the way the export does.</summary>
    public static int Pdf(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!PdfArguments.TryParse(args, out var a, out var error) || a.Output is null)
        {
            stderr.WriteLine(error ?? "pdf needs -o <file.pdf>");
            return 2;
        }

        var svgs = Svgs(a.Input);
        if (svgs.Count == 0)
        {
            stderr.WriteLine($"no .svg files in {a.Input}");
            return 2;
        }

        var request = new PdfExportRequest(svgs.Select(_ => Guid.NewGuid()).ToList(), a.Paper, a.Orientation, a.Title, a.Cover);
        if (PdfExports.Validate(request) is { } invalid)
        {
            stderr.WriteLine(invalid);
            return 2;
        }

        ExportTitle.TryNormalize(a.Title, out var title, out _);
        var sw = Stopwatch.StartNew();
        var pdf = PdfExporter.Write(Layout(request, title, a.Watermark), svgs.Select(f => PageStrokes.ReadSvg(File.ReadAllBytes(f))).ToList());
        sw.Stop();
        File.WriteAllBytes(a.Output, pdf);
        stdout.WriteLine(JsonSerializer.Serialize(new { output = a.Output, pages = svgs.Count, bytes = pdf.Length, ms = Math.Round(sw.Elapsed.TotalMilliseconds, 1) }, HostCommands.Json));
        return 0;
    }

    /// <summary>
    /// Times one page (read SVG + write PDF) for every SVG, then a book of <c>--book</c> pages cycling through them;
    /// reports medians, the largest one-page PDF and the process's peak memory after the book.
    /// </summary>
    public static int Bench(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!PdfArguments.TryParse(args, out var a, out var error))
        {
            stderr.WriteLine(error);
            return 2;
        }

        var svgs = Svgs(a.Input).Select(File.ReadAllBytes).ToList();
        if (svgs.Count == 0)
        {
            stderr.WriteLine($"no .svg files in {a.Input}");
            return 2;
        }

        byte[] OnePage(byte[] svg) => PdfExporter.Write(
            Layout(new PdfExportRequest([Guid.Empty], a.Paper, a.Orientation, "My coloring page"), "My coloring page", watermark: true),
            [PageStrokes.ReadSvg(svg)]);

        OnePage(svgs[0]); // warm-up: JIT, font, Skia
        var pageMs = new List<double>();
        var largest = 0;
        foreach (var svg in svgs)
        {
            for (var i = 0; i < a.Runs; i++)
            {
                var sw = Stopwatch.StartNew();
                var pdf = OnePage(svg);
                pageMs.Add(sw.Elapsed.TotalMilliseconds);
                largest = Math.Max(largest, pdf.Length);
            }
        }

        var bookMs = new List<double>();
        var bookBytes = 0;
        for (var i = 0; i < Math.Max(1, a.Runs / 2); i++)
        {
            var sw = Stopwatch.StartNew();
            var pages = Enumerable.Range(0, a.Book).Select(n => PageStrokes.ReadSvg(svgs[n % svgs.Count])).ToList();
            var request = new PdfExportRequest(pages.Select(_ => Guid.Empty).ToList(), a.Paper, a.Orientation, "Our coloring book", Cover: true);
            bookBytes = PdfExporter.Write(Layout(request, "Our coloring book", watermark: true), pages).Length;
            bookMs.Add(sw.Elapsed.TotalMilliseconds);
        }

        stdout.WriteLine(JsonSerializer.Serialize(new
        {
            svgs = svgs.Count,
            runs = a.Runs,
            onePageMedianMs = Math.Round(Median(pageMs), 1),
            onePageMaxMs = Math.Round(pageMs.Max(), 1),
            onePageLargestBytes = largest,
            bookPages = a.Book,
            bookMedianMs = Math.Round(Median(bookMs), 1),
            bookBytes,
            peakMemoryMb = PeakMemoryMb(),
        }, HostCommands.Json));
        return 0;
    }

    private static PdfLayout Layout(PdfExportRequest request, string? title, bool watermark) =>
        new(request.Paper, request.Orientation, title, request.Cover, request.IsBook, watermark,
            title ?? (request.IsBook ? "Coloring book" : "Coloring page"), DateTimeOffset.UtcNow);

    private static List<string> Svgs(string path) =>
        Directory.Exists(path)
            ? Directory.GetFiles(path, "*.svg").Order(StringComparer.Ordinal).ToList()
            : File.Exists(path) ? [path] : [];

    private static double Median(List<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? 0 : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>Peak resident memory of this process (VmHWM), in MB.</summary>
    private static double PeakMemoryMb()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null
            ? Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1)
            : Math.Round(long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0, 1);
    }

    private sealed record PdfArguments(string Input, string? Output, Paper Paper, PdfOrientation Orientation, string? Title, bool Cover, bool Watermark, int Runs, int Book)
    {
        public static bool TryParse(string[] args, out PdfArguments parsed, out string? error)
        {
            var a = new PdfArguments("", null, Paper.A4, PdfOrientation.Automatic, null, false, false, 5, PdfExports.MaxPages);
            static string? Count(string? value, string name, Action<int> set)
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 1000)
                {
                    return $"{name} must be a number from 1 to 1000";
                }

                set(n);
                return null;
            }

            CommandLine.Option[] options =
            [
                new("--output", value => { a = a with { Output = value }; return null; }, Alias: "-o"),
                new("--paper", value =>
                {
                    if (!PageOptionNames.TryParsePaper(value, out var paper))
                    {
                        return "--paper must be a4 or letter";
                    }

                    a = a with { Paper = paper };
                    return null;
                }),
                new("--orientation", value =>
                {
                    if (!PdfExportRequest.TryParseOrientation(value == "auto" ? nameof(PdfOrientation.Automatic) : value, out var orientation))
                    {
                        return "--orientation must be auto, portrait or landscape";
                    }

                    a = a with { Orientation = orientation };
                    return null;
                }),
                new("--title", value => { a = a with { Title = value }; return null; }),
                CommandLine.Flag("--cover", () => a = a with { Cover = true }),
                CommandLine.Flag("--watermark", () => a = a with { Watermark = true }),
                new("--runs", value => Count(value, "--runs", n => a = a with { Runs = n })),
                new("--book", value => Count(value, "--book", n => a = a with { Book = n })),
            ];
            var ok = CommandLine.TryParse(args, "<svg or folder>", options, out var input, out var wrong);
            parsed = a with { Input = input };
            error = ok ? null : wrong;
            return ok;
        }
    }
}
