using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coloring.Engine;

namespace Coloring.Cli;

/// <summary>
/// coloring render &lt;photo or folder&gt; -o &lt;file or folder&gt; [--preset toddler|kids|detailed] [--paper a4|letter] [--line-pt N] [--svg]
/// coloring bench &lt;folder&gt; [--runs N] [--preset ...] [--paper ...]
/// (and the hidden tuning verbs debug, sheet, prof, likeness; PDF and storage commands belong to the web host)
/// </summary>
public static class Program
{
    private static readonly string[] PhotoExtensions = [".jpg", ".jpeg", ".png", ".webp"];

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        if (!CliArguments.TryParse(args.Skip(1).ToArray(), out var parsed, out var error))
        {
            stderr.WriteLine(error);
            stderr.WriteLine(Usage);
            return 2;
        }

        return args[0] switch
        {
            "render" => Render(parsed, stdout, stderr),
            "bench" => Bench(parsed, stdout, stderr),
            "debug" => DebugDump.Run(parsed, stdout),
            "sheet" => ContactSheet.Run(parsed, stdout),
            "prof" => CpuProfiler.Run(parsed, stdout),
            "likeness" => LikenessSheet.Run(parsed, stdout, stderr),
            _ => UnknownVerb(args[0], stderr),
        };
    }

    private const string Usage =
        "usage:\n" +
        "  render <photo or folder> -o <file or folder> [--preset toddler|kids|detailed] [--paper a4|letter] [--line-pt N] [--svg]\n" +
        "  bench <folder> [--runs N] [--preset toddler|kids|detailed] [--paper a4|letter]\n" +
        "  (pdf, pdf-bench and move-files are commands of the web host: dotnet run --project Coloring.Web -- pdf ...)";

    private static int UnknownVerb(string verb, TextWriter stderr)
    {
        stderr.WriteLine($"unknown command '{verb}'");
        stderr.WriteLine(Usage);
        return 2;
    }

    private static List<string> Inputs(string path) =>
        Directory.Exists(path)
            ? Directory.GetFiles(path)
                .Where(f => PhotoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [path];

    private static int Render(CliArguments a, TextWriter stdout, TextWriter stderr)
    {
        if (a.Output is null)
        {
            stderr.WriteLine("render needs -o <file or folder>");
            return 2;
        }

        var folderInput = Directory.Exists(a.Input);
        var inputs = Inputs(a.Input);
        var outputIsFolder = folderInput || inputs.Count > 1 || Directory.Exists(a.Output)
            || a.Output.EndsWith('/') || a.Output.EndsWith(Path.DirectorySeparatorChar);
        if (outputIsFolder)
        {
            Directory.CreateDirectory(a.Output);
        }

        var generator = new LocalPageGenerator();
        var failed = 0;
        foreach (var input in inputs)
        {
            var output = outputIsFolder ? Path.Combine(a.Output, Path.GetFileNameWithoutExtension(input) + ".png") : a.Output;
            try
            {
                var total = Stopwatch.StartNew();
                var bytes = File.ReadAllBytes(input);
                var page = generator.Generate(bytes, a.Options);
                var write = Stopwatch.StartNew();
                var outDir = Path.GetDirectoryName(Path.GetFullPath(output));
                if (outDir is not null)
                {
                    Directory.CreateDirectory(outDir);
                }

                File.WriteAllBytes(output, page.Png);
                if (a.Svg)
                {
                    File.WriteAllText(Path.ChangeExtension(output, ".svg"), page.Svg);
                }

                write.Stop();
                var ms = page.Metrics.StageMs;
                double Stage(string s) => ms.GetValueOrDefault(s);
                var line = new RenderLine(
                    input,
                    output,
                    page.Width,
                    page.Height,
                    new StageTimes(
                        Math.Round(Stage(GenerationStages.Decode), 1),
                        Math.Round(Stage(GenerationStages.Lines) + Stage(GenerationStages.Regions) + Stage(GenerationStages.Trace), 1),
                        Math.Round(Stage(GenerationStages.Render) + write.Elapsed.TotalMilliseconds, 1),
                        Math.Round(total.Elapsed.TotalMilliseconds, 1)),
                    page.Metrics);
                stdout.WriteLine(JsonSerializer.Serialize(line, Json));
            }
            catch (Exception ex) when (ex is PhotoRejectedException or IOException or UnauthorizedAccessException or PageGenerationException)
            {
                failed++;
                stdout.WriteLine(JsonSerializer.Serialize(new ErrorLine(input, ex.Message, (ex as PhotoRejectedException)?.Problem.ToString()), Json));
                stderr.WriteLine($"error: {input}: {ex.Message}");
            }
        }

        return failed == 0 ? 0 : 1;
    }

    private static int Bench(CliArguments a, TextWriter stdout, TextWriter stderr)
    {
        var inputs = Inputs(a.Input);
        var generator = new LocalPageGenerator();
        var failed = 0;
        foreach (var input in inputs)
        {
            try
            {
                var bytes = File.ReadAllBytes(input);
                // Warm-up: a running service has compiled and tiered its code and filled its caches long before.
                for (var i = 0; i < 3; i++)
                {
                    generator.Generate(bytes, a.Options);
                }

                var runs = new List<(double Total, IReadOnlyDictionary<string, double> Stages)>();
                for (var i = 0; i < a.Runs; i++)
                {
                    var sw = Stopwatch.StartNew();
                    var page = generator.Generate(bytes, a.Options);
                    var png = page.Png.Length; // the PNG is part of the page; writing to disk is left out
                    sw.Stop();
                    _ = png;
                    runs.Add((sw.Elapsed.TotalMilliseconds, page.Metrics.StageMs));
                }

                var stages = new SortedDictionary<string, double>(StringComparer.Ordinal);
                foreach (var key in runs.SelectMany(r => r.Stages.Keys).Distinct())
                {
                    stages[key] = Math.Round(Median(runs.Select(r => r.Stages.GetValueOrDefault(key))), 1);
                }

                var line = new BenchLine(input, a.Runs, Math.Round(Median(runs.Select(r => r.Total)), 1), stages, PeakMemoryMb());
                stdout.WriteLine(JsonSerializer.Serialize(line, Json));
            }
            catch (Exception ex) when (ex is PhotoRejectedException or IOException)
            {
                failed++;
                stdout.WriteLine(JsonSerializer.Serialize(new ErrorLine(input, ex.Message, (ex as PhotoRejectedException)?.Problem.ToString()), Json));
                stderr.WriteLine($"error: {input}: {ex.Message}");
            }
        }

        return failed == 0 ? 0 : 1;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? 0 : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>Peak resident memory of this process (VmHWM on Linux), in MB.</summary>
    private static double PeakMemoryMb()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                    return Math.Round(kb / 1024.0, 1);
                }
            }
        }
        catch (IOException)
        {
        }

        return Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1);
    }

    private sealed record StageTimes(double Decode, double Process, double Encode, double Total);

    private sealed record RenderLine(string Input, string Output, int Width, int Height, StageTimes Ms, PageMetrics Metrics);

    private sealed record ErrorLine(string Input, string Error, string? Problem);

    private sealed record BenchLine(string Input, int Runs, double MedianTotalMs, IDictionary<string, double> MedianStageMs, double PeakMemoryMb);
}

/// <summary>Parsed command line.</summary>
internal sealed record CliArguments(string Input, string? Output, PageOptions Options, bool Svg, int Runs)
{
    public static bool TryParse(string[] args, out CliArguments parsed, out string error)
    {
        parsed = new CliArguments("", null, new PageOptions(), false, 5);
        string? output = null;
        var preset = AgePreset.Kids;
        var paper = Paper.A4;
        double? linePt = null;
        SubjectBox? subject = null;
        var background = BackgroundMode.Auto;
        var detail = 0.0;
        var svg = false;
        var runs = 5;
        CommandLine.Option[] options =
        [
            new("--output", value => { output = value; return null; }, Alias: "-o"),
            new("--preset", value => PageOptionNames.TryParsePreset(value, out preset) ? null : "--preset must be toddler, kids or detailed"),
            new("--paper", value => PageOptionNames.TryParsePaper(value, out paper) ? null : "--paper must be a4 or letter"),
            new("--line-pt", value =>
            {
                // NaN parses: the range is checked as "not inside", which refuses it too.
                if (!double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var pt) || !(pt >= 0.5 && pt <= 12))
                {
                    return "--line-pt must be a number of points between 0.5 and 12";
                }

                linePt = pt;
                return null;
            }),
            new("--background", value => PageOptionNames.TryParseBackground(value, out background) ? null : "--background must be auto, keep, simplify or leave-out"),
            new("--detail", value =>
                double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out detail)
                && Math.Abs(detail) <= PageOptions.MaxDetail ? null : "--detail must be a number from -2 to 2"),
            new("--subject", value =>
            {
                if (value == "whole")
                {
                    subject = SubjectBox.Whole;
                    return null;
                }

                var parts = value?.Split(',') ?? [];
                var numbers = new double[4];
                if (parts.Length != 4 || !parts.Select((p, i) => double.TryParse(p, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out numbers[i])).All(ok => ok))
                {
                    return "--subject must be left,top,right,bottom in 0-1 photo coordinates, or whole";
                }

                try
                {
                    subject = new SubjectBox(numbers[0], numbers[1], numbers[2], numbers[3]);
                    return null;
                }
                catch (ArgumentException ex)
                {
                    return $"--subject: {ex.Message}";
                }
            }),
            new("--runs", value => int.TryParse(value, out runs) && runs >= 1 ? null : "--runs must be a positive number"),
            CommandLine.Flag("--svg", () => svg = true),
        ];
        if (!CommandLine.TryParse(args, "<photo or folder>", options, out var input, out error))
        {
            return false;
        }

        parsed = new CliArguments(input, output, new PageOptions(preset, paper, linePt, subject, background, detail), svg, runs);
        return true;
    }
}
