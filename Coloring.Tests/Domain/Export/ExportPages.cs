using System.Globalization;
using System.Text;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Coloring.Tests.Domain.Export;

/// <summary>Pages to print: real engine drawings (made once per test run) and small drawings made to order.</summary>
internal static class ExportPages
{
    private static readonly Lazy<string> Sweets = new(() => new LocalPageGenerator().Generate(TestImages.Photo("sweets.png"), new PageOptions(AgePreset.Kids)).Svg);

    private static readonly Lazy<string> Mandrill = new(() => new LocalPageGenerator().Generate(TestImages.Photo("mandrill-face.jpg"), new PageOptions(AgePreset.Kids)).Svg);

    /// <summary>The engine's SVG of a landscape photo (sweets).</summary>
    public static string WideSvg => Sweets.Value;

    /// <summary>The engine's SVG of a portrait page (mandrill).</summary>
    public static string TallSvg => Mandrill.Value;

    /// <summary>
    /// An SVG in the engine's format with <paramref name="lines"/> separate straight strokes inside a
    /// <paramref name="width"/> x <paramref name="height"/> box, so a page can be told apart by its count of subpaths.
    /// </summary>
    public static string Lines(int lines, int width = 2480, int height = 3508)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n");
        svg.Append("<g fill=\"none\" stroke=\"#000000\" stroke-width=\"8\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M118 118 L{width - 118} 118 L{width - 118} {height - 118} L118 {height - 118} Z\"/>\n");
        for (var i = 1; i < lines; i++)
        {
            var y = 118 + i * (height - 236) / lines;
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M200 {y} C{width / 3} {y - 80} {2 * width / 3} {y + 80} {width - 200} {y}\"/>\n");
        }

        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    /// <summary>Stores <paramref name="svg"/> as the user's page and writes a finished job for it, as the runner would.</summary>
    public static async Task<Job> FinishedJobAsync(this IServiceProvider services, Guid userId, string svg, JobStatus status = JobStatus.Succeeded, Paper paper = Paper.A4)
    {
        var asset = await services.GetRequiredService<AssetStore>().SaveAsync(userId, Bucket.Artifacts, Encoding.UTF8.GetBytes(svg), "image/svg+xml", "svg");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var job = new Job
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Status = status,
            Preset = AgePreset.Kids,
            Paper = paper,
            SvgAssetId = status == JobStatus.Succeeded ? asset.Id : null,
            Progress = status == JobStatus.Succeeded ? 100 : 40,
            Stage = status == JobStatus.Succeeded ? "done" : "lines",
            CreatedAt = now,
            FinishedAt = status is JobStatus.Queued or JobStatus.Running ? null : now,
        };
        await using var db = await services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job;
    }

    /// <summary>Subpaths drawn on a sheet (each straight stroke of <see cref="Lines"/> is one).</summary>
    public static int Subpaths(this Page page) => page.Paths.Sum(p => p.Count);

    /// <summary>The sheet's size in whole points, as (width, height).</summary>
    public static (int Width, int Height) Size(this Page page) => ((int)Math.Round(page.Width), (int)Math.Round(page.Height));

    /// <summary>Opens the exported PDF, failing the test with the export's message when there is none.</summary>
    public static PdfDocument Read(Coloring.Domain.Export.PdfExportResult result)
    {
        Assert.True(result.Succeeded, result.Message);
        return PdfDocument.Open(result.Pdf!);
    }
}
