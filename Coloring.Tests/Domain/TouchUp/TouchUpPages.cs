using System.Text;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Domain.Export;
using Coloring.Tests.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Coloring.Tests.Domain.TouchUp;

/// <summary>Finished pages with all their files (PNG, SVG, preview), as the runner stores them, to touch up.</summary>
internal static class TouchUpPages
{
    private static readonly Lazy<ColoringPage> Sweets = new(() => new LocalPageGenerator().Generate(TestImages.Photo("sweets.png"), new PageOptions(AgePreset.Kids)));

    /// <summary>A real engine page (sweets, landscape A4).</summary>
    public static ColoringPage EnginePage => Sweets.Value;

    /// <summary>Stores an engine page's three files and a finished job pointing at them.</summary>
    public static Task<Job> FinishedAsync(this IServiceProvider services, Guid userId, ColoringPage page) =>
        services.FinishedAsync(userId, page.Png, page.Svg, page.PreviewPng, page.Width, page.Height);

    /// <summary>Stores <see cref="ExportPages.Lines"/>' drawing with <paramref name="lines"/> strokes (a frame and curves across it), drawn by the engine.</summary>
    public static Task<Job> FinishedLinesAsync(this IServiceProvider services, Guid userId, int lines)
    {
        var svg = ExportPages.Lines(lines);
        var strokes = Coloring.Domain.Export.PageStrokes.ReadSvg(Encoding.UTF8.GetBytes(svg));
        var drawn = PageRedraw.Draw(strokes.Strokes.Select(s => s.PathData).ToList(), strokes.Strokes[0].Width, 2480, 3508, Paper.A4);
        return services.FinishedAsync(userId, drawn.Png, svg, drawn.PreviewPng, 2480, 3508);
    }

    /// <summary>
    /// A frame and <paramref name="bands"/> - 1 straight lines from side to side of it, so the page has exactly
    /// <paramref name="bands"/> closed regions inside the frame, stacked.
    /// </summary>
    public static Task<Job> FinishedBandsAsync(this IServiceProvider services, Guid userId, int bands)
    {
        var svg = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 2480 3508\">\n");
        svg.Append("<g fill=\"none\" stroke=\"#000000\" stroke-width=\"8\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n");
        svg.Append("<path d=\"M118 118 L2362 118 L2362 3390 L118 3390 Z\"/>\n");
        for (var i = 1; i < bands; i++)
        {
            var y = 118 + i * (3390 - 118) / bands;
            svg.Append(System.Globalization.CultureInfo.InvariantCulture, $"<path d=\"M118 {y} L2362 {y}\"/>\n");
        }

        svg.Append("</g>\n</svg>\n");
        var strokes = Coloring.Domain.Export.PageStrokes.ReadSvg(Encoding.UTF8.GetBytes(svg.ToString()));
        var drawn = PageRedraw.Draw(strokes.Strokes.Select(s => s.PathData).ToList(), 8, 2480, 3508, Paper.A4);
        return services.FinishedAsync(userId, drawn.Png, svg.ToString(), drawn.PreviewPng, 2480, 3508);
    }

    private static async Task<Job> FinishedAsync(this IServiceProvider services, Guid userId, byte[] png, string svg, byte[] preview, int width, int height)
    {
        var assets = services.GetRequiredService<AssetStore>();
        var pngAsset = await assets.SaveAsync(userId, Bucket.Artifacts, png, "image/png", "png", width, height);
        var svgAsset = await assets.SaveAsync(userId, Bucket.Artifacts, Encoding.UTF8.GetBytes(svg), "image/svg+xml", "svg", width, height);
        var previewAsset = await assets.SaveAsync(userId, Bucket.Previews, preview, "image/png", "png");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var job = new Job
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Status = JobStatus.Succeeded,
            Preset = AgePreset.Kids,
            Paper = Paper.A4,
            PageAssetId = pngAsset.Id,
            SvgAssetId = svgAsset.Id,
            PreviewAssetId = previewAsset.Id,
            Progress = 100,
            Stage = "done",
            CreatedAt = now,
            FinishedAt = now,
        };
        await using var db = await services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job;
    }

    /// <summary>The stored bytes of an asset, failing the test when it is gone.</summary>
    public static async Task<byte[]> BytesAsync(this IServiceProvider services, Guid? assetId)
    {
        Assert.NotNull(assetId);
        var store = services.GetRequiredService<AssetStore>();
        var asset = await store.FindAsync(assetId.Value, ownerId: null);
        Assert.NotNull(asset);
        return (await store.ReadAllAsync(asset))!;
    }

    /// <summary>1 where a PNG is black, 0 where white.</summary>
    public static byte[] InkOf(byte[] png, out int width, out int height)
    {
        using var codec = SKCodec.Create(new MemoryStream(png));
        (width, height) = (codec.Info.Width, codec.Info.Height);
        using var bitmap = SKBitmap.Decode(codec, new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var gray = bitmap.GetPixelSpan();
        var ink = new byte[width * height];
        for (var i = 0; i < ink.Length; i++)
        {
            ink[i] = gray[i] < 128 ? (byte)1 : (byte)0;
        }

        return ink;
    }
}
