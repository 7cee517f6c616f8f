using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coloring.Web.Commands;

/// <summary>
/// The web host's commands, run instead of the app when the first argument names one
/// (<c>dotnet Coloring.Web.dll move-files …</c>, <c>dotnet run --project Coloring.Web -- pdf …</c>). They need the
/// domain (PDF export, storage) and the app's configuration, which the engine's CLI does not have.
/// </summary>
public static class HostCommands
{
    public const string Usage = "usage:\n" + PdfCommands.Usage + "\n" + StorageCommands.Usage;

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>True when <paramref name="args"/> ask for a command rather than the app.</summary>
    public static bool IsCommand(string[] args) => args is ["pdf" or "pdf-bench" or "move-files", ..];

    /// <summary>Runs the command; returns the process exit code (0 done, 2 bad arguments).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, IConfiguration? configuration = null) => args[0] switch
    {
        "pdf" => PdfCommands.Pdf(args[1..], stdout, stderr),
        "pdf-bench" => PdfCommands.Bench(args[1..], stdout, stderr),
        "move-files" => StorageCommands.MoveFiles(args[1..], stdout, stderr, configuration ?? AppConfiguration()),
        _ => Unknown(args[0], stderr),
    };

    /// <summary>The configuration the app itself would read: appsettings for its environment, then environment variables.</summary>
    private static IConfiguration AppConfiguration() => WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] }).Configuration;

    private static int Unknown(string command, TextWriter stderr)
    {
        stderr.WriteLine($"unknown command '{command}'");
        stderr.WriteLine(Usage);
        return 2;
    }
}
