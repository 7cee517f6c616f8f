using System.Text;
using Coloring.Domain.Data;
using Coloring.Engine;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Support;

/// <summary>Finished pages with all their files (page, drawing, preview), as the runner leaves them.</summary>
internal static class GalleryData
{
    /// <summary>A page of <paramref name="userId"/>'s, made now; <paramref name="svgText"/> is its drawing (give a real one to print it).</summary>
    public static async Task<Job> AddFinishedPageAsync(this IServiceProvider services, Guid userId, string? name = null, AgePreset preset = AgePreset.Kids, JobStatus status = JobStatus.Succeeded, string svgText = "<svg/>")
    {
        var assets = services.GetRequiredService<AssetStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var finished = status == JobStatus.Succeeded;
        var page = finished ? await assets.SaveAsync(userId, Bucket.Artifacts, new byte[] { 1, 2, 3 }, "image/png", "png") : null;
        var svg = finished ? await assets.SaveAsync(userId, Bucket.Artifacts, Encoding.UTF8.GetBytes(svgText), "image/svg+xml", "svg") : null;
        var preview = finished ? await assets.SaveAsync(userId, Bucket.Previews, new byte[] { 4, 5, 6 }, "image/png", "png") : null;
        var job = new Job
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Status = status,
            Preset = preset,
            Paper = Paper.A4,
            Name = name,
            PageAssetId = page?.Id,
            SvgAssetId = svg?.Id,
            PreviewAssetId = preview?.Id,
            Progress = finished ? 100 : 0,
            CreatedAt = now,
            FinishedAt = finished ? now : null,
        };
        await using var db = await services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job;
    }

    /// <summary>The expiry of each of the page's files, in the order page, drawing, preview.</summary>
    public static async Task<DateTimeOffset[]> FileExpiriesAsync(this IServiceProvider services, Job job)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        var ids = new[] { job.PageAssetId, job.SvgAssetId, job.PreviewAssetId }.OfType<Guid>().ToList();
        var expiries = await db.Assets.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.ExpiresAt);
        return ids.Select(id => expiries[id]).ToArray();
    }
}
