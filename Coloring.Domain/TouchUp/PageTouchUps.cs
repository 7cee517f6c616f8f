using Coloring.Domain.Data;
using Coloring.Domain.Export;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.TouchUp;

/// <summary>The lines of a finished page, as the touch-up editor shows them.</summary>
/// <param name="JobId">The page's job.</param>
/// <param name="Version">The version these lines belong to; a save names it, so a save over a newer version is refused.</param>
/// <param name="PathData">Every stroke's SVG path data, in document order; a stroke's index is its place here.</param>
/// <param name="StrokeWidth">The width every stroke is drawn with, in page pixels.</param>
/// <param name="Width">Page width in pixels (300 DPI), the SVG viewBox.</param>
/// <param name="Height">Page height in pixels.</param>
/// <param name="IsTouchedUp">True when these lines are a touch-up and the page as made can be restored.</param>
public sealed record PageLines(Guid JobId, int Version, IReadOnlyList<string> PathData, float StrokeWidth, int Width, int Height, bool IsTouchedUp);

/// <summary>Why a touch-up was refused.</summary>
public enum TouchUpError
{
    /// <summary>The strokes asked for are wrong: none, repeated, negative, out of range, too many, or every one.</summary>
    Invalid,

    /// <summary>No such page, or someone else's.</summary>
    NotFound,

    /// <summary>The page is still being made, failed or was canceled.</summary>
    NotFinished,

    /// <summary>The page's drawing has expired or cannot be read as strokes.</summary>
    Unavailable,

    /// <summary>The page changed meanwhile (another save or a restore won); nothing was written.</summary>
    Conflict,
}

/// <summary>The job as it is after a touch-up or a restore, or why nothing changed. Nothing is ever half written.</summary>
public sealed record TouchUpResult
{
    private TouchUpResult()
    {
    }

    /// <summary>The job pointing at its new current files; null when refused.</summary>
    public Job? Job { get; private init; }

    public TouchUpError? Error { get; private init; }

    /// <summary>For <see cref="TouchUpError.Invalid"/>: the field at fault (<c>remove</c>, <c>version</c>).</summary>
    public string? Field { get; private init; }

    /// <summary>What went wrong, in words a person understands.</summary>
    public string? Message { get; private init; }

    /// <summary>Strokes the new version has.</summary>
    public int Strokes { get; private init; }

    public bool Succeeded => Job is not null;

    internal static TouchUpResult Ok(Job job, int strokes) => new() { Job = job, Strokes = strokes };

    internal static TouchUpResult Fail(TouchUpError error, string message, string? field = null) => new() { Error = error, Message = message, Field = field };
}

/// <summary>
/// Touch-up of a finished page: removing whole strokes writes a new version of the page's files (PNG at 300 DPI,
/// SVG, preview) drawn from the strokes that stay, byte for byte as they were; the files as the engine made them are
/// kept, and "back to the original" restores them. Free of charge. Every call is scoped to the person; a save names
/// the version it was made on, and the job row moves on only from that version, so of two saves at once one wins and
/// the other is a conflict with nothing written. ADR 0014.
/// </summary>
public sealed class PageTouchUps(IDbContextFactory<ColoringDbContext> dbFactory, AssetStore assets, TimeProvider clock)
{
    /// <summary>Most strokes one save removes.</summary>
    public const int MaxRemovals = 10_000;

    /// <summary>The current lines of the person's finished page, or why there are none.</summary>
    public async Task<(PageLines? Lines, TouchUpError? Error, string? Message)> LinesAsync(Guid jobId, Guid userId, CancellationToken cancellationToken = default)
    {
        var (job, strokes, error) = await LoadAsync(jobId, userId, cancellationToken);
        if (error is not null)
        {
            return (null, error.Error, error.Message);
        }

        return (new PageLines(job!.Id, job.PageVersion, strokes!.Strokes.Select(s => s.PathData).ToList(), strokes.Strokes[0].Width, (int)strokes.Width, (int)strokes.Height, job.IsTouchedUp), null, null);
    }

    /// <summary>
    /// Removes the strokes at <paramref name="remove"/> (indexes into the current version's paths) and makes the rest
    /// the page's new current version. When <paramref name="version"/> is given, the save is refused with a conflict
    /// unless the page is still at that version; without it, it applies to the version read now, and still loses
    /// cleanly to a save that commits first.
    /// </summary>
    public async Task<TouchUpResult> RemoveStrokesAsync(Guid jobId, Guid userId, IReadOnlyList<int>? remove, int? version = null, CancellationToken cancellationToken = default)
    {
        if (remove is null || remove.Count == 0)
        {
            return TouchUpResult.Fail(TouchUpError.Invalid, "Name at least one stroke to remove.", "remove");
        }

        if (remove.Count > MaxRemovals)
        {
            return TouchUpResult.Fail(TouchUpError.Invalid, $"Remove at most {MaxRemovals} strokes at once.", "remove");
        }

        if (remove.Any(i => i < 0))
        {
            return TouchUpResult.Fail(TouchUpError.Invalid, "Stroke numbers start at 0.", "remove");
        }

        var removed = new HashSet<int>(remove);
        if (removed.Count != remove.Count)
        {
            return TouchUpResult.Fail(TouchUpError.Invalid, "Name each stroke once.", "remove");
        }

        var (job, strokes, error) = await LoadAsync(jobId, userId, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (version is { } asked && asked != job!.PageVersion)
        {
            return Conflict();
        }

        var count = strokes!.Strokes.Count;
        if (remove.Any(i => i >= count))
        {
            return TouchUpResult.Fail(TouchUpError.Invalid, $"This page has {count} strokes, numbered 0 to {count - 1}.", "remove");
        }

        if (removed.Count == count)
        {
            return TouchUpResult.Fail(TouchUpError.Invalid, "A page keeps at least one stroke.", "remove");
        }

        var kept = strokes.Strokes.Where((_, i) => !removed.Contains(i)).Select(s => s.PathData).ToList();
        var files = await Task.Run(() => PageRedraw.Draw(kept, strokes.Strokes[0].Width, (int)strokes.Width, (int)strokes.Height, job!.Paper), cancellationToken);
        var saved = new List<Asset>(3);
        try
        {
            var until = await ExpiryOfAsync(job!, cancellationToken);
            saved.Add(await assets.SaveAsync(userId, Bucket.Artifacts, files.Png, "image/png", "png", (int)strokes.Width, (int)strokes.Height, cancellationToken, until));
            saved.Add(await assets.SaveAsync(userId, Bucket.Artifacts, System.Text.Encoding.UTF8.GetBytes(files.Svg), "image/svg+xml", "svg", (int)strokes.Width, (int)strokes.Height, cancellationToken, until));
            saved.Add(await assets.SaveAsync(userId, Bucket.Previews, files.PreviewPng, "image/png", "png", cancellationToken: cancellationToken, expiresAt: until));
            var (png, svg, preview) = (saved[0].Id, saved[1].Id, saved[2].Id);

            // The page as made is kept once; a touch-up of a touch-up replaces the one before, whose files then go.
            var (firstPng, firstSvg, firstPreview) = job!.IsTouchedUp
                ? (job.UneditedPageAssetId, job.UneditedSvgAssetId, job.UneditedPreviewAssetId)
                : (job.PageAssetId, job.SvgAssetId, job.PreviewAssetId);
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var moved = await db.Jobs
                    .Where(j => j.Id == job.Id && j.UserId == userId && j.Status == JobStatus.Succeeded && j.PageVersion == job.PageVersion)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(j => j.PageAssetId, png)
                        .SetProperty(j => j.SvgAssetId, svg)
                        .SetProperty(j => j.PreviewAssetId, preview)
                        .SetProperty(j => j.UneditedPageAssetId, firstPng)
                        .SetProperty(j => j.UneditedSvgAssetId, firstSvg)
                        .SetProperty(j => j.UneditedPreviewAssetId, firstPreview)
                        .SetProperty(j => j.PageVersion, job.PageVersion + 1), cancellationToken);
                if (moved == 0)
                {
                    await assets.DeleteAsync(saved.Select(a => a.Id), CancellationToken.None);
                    return Conflict();
                }
            }

            if (job.IsTouchedUp)
            {
                await assets.DeleteAsync(new[] { job.PageAssetId, job.SvgAssetId, job.PreviewAssetId }.OfType<Guid>(), CancellationToken.None);
            }

            var after = await FindAsync(job.Id, userId, cancellationToken);
            return TouchUpResult.Ok(after!, kept.Count);
        }
        catch
        {
            // Whatever stopped the save (a full disk, a lost database), the files written so far go: no half version.
            await assets.DeleteAsync(saved.Select(a => a.Id), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Makes the page as the engine made it current again; the touched-up files go. Refused when the page was not touched up.</summary>
    public async Task<TouchUpResult> RestoreOriginalAsync(Guid jobId, Guid userId, int? version = null, CancellationToken cancellationToken = default)
    {
        var job = await FindAsync(jobId, userId, cancellationToken);
        if (job is null)
        {
            return TouchUpResult.Fail(TouchUpError.NotFound, "There is no such page.");
        }

        if (job.Status != JobStatus.Succeeded)
        {
            return TouchUpResult.Fail(TouchUpError.NotFinished, "This page is not finished.");
        }

        if (version is { } asked && asked != job.PageVersion)
        {
            return Conflict();
        }

        if (!job.IsTouchedUp || job.UneditedPageAssetId is null || job.UneditedPreviewAssetId is null)
        {
            return TouchUpResult.Fail(TouchUpError.Conflict, "This page is already as it was made.");
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var moved = await db.Jobs
                .Where(j => j.Id == job.Id && j.UserId == userId && j.Status == JobStatus.Succeeded && j.PageVersion == job.PageVersion)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.PageAssetId, job.UneditedPageAssetId)
                    .SetProperty(j => j.SvgAssetId, job.UneditedSvgAssetId)
                    .SetProperty(j => j.PreviewAssetId, job.UneditedPreviewAssetId)
                    .SetProperty(j => j.UneditedPageAssetId, (Guid?)null)
                    .SetProperty(j => j.UneditedSvgAssetId, (Guid?)null)
                    .SetProperty(j => j.UneditedPreviewAssetId, (Guid?)null)
                    .SetProperty(j => j.PageVersion, job.PageVersion + 1), cancellationToken);
            if (moved == 0)
            {
                return Conflict();
            }
        }

        await assets.DeleteAsync(new[] { job.PageAssetId, job.SvgAssetId, job.PreviewAssetId }.OfType<Guid>(), CancellationToken.None);
        var after = await FindAsync(job.Id, userId, CancellationToken.None);
        var (lines, _, _) = await LinesAsync(job.Id, userId, CancellationToken.None);
        return TouchUpResult.Ok(after!, lines?.PathData.Count ?? 0);
    }

    private static TouchUpResult Conflict() =>
        TouchUpResult.Fail(TouchUpError.Conflict, "This page was changed meanwhile (in another window?). Open it again to see its lines as they are now.");

    private async Task<Job?> FindAsync(Guid jobId, Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.UserId == userId, cancellationToken);
    }

    // A new version lives exactly as long as the page: a free touch-up does not extend what keeping a page extends.
    private async Task<DateTimeOffset> ExpiryOfAsync(Job job, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expires = await db.Assets.Where(a => a.Id == job.SvgAssetId).Select(a => (DateTimeOffset?)a.ExpiresAt).FirstOrDefaultAsync(cancellationToken);
        return expires ?? clock.GetUtcNow() + Asset.LifetimeOf(Bucket.Artifacts);
    }

    private async Task<(Job? Job, PageStrokes? Strokes, TouchUpResult? Error)> LoadAsync(Guid jobId, Guid userId, CancellationToken cancellationToken)
    {
        var job = await FindAsync(jobId, userId, cancellationToken);
        if (job is null)
        {
            return (null, null, TouchUpResult.Fail(TouchUpError.NotFound, "There is no such page."));
        }

        if (job.Status != JobStatus.Succeeded)
        {
            return (null, null, TouchUpResult.Fail(TouchUpError.NotFinished, "This page is not finished, so it has no lines to touch up yet."));
        }

        var svgAsset = job.SvgAssetId is { } svgId ? await assets.FindAsync(svgId, userId, cancellationToken) : null;
        var svg = svgAsset is null ? null : await assets.ReadAllAsync(svgAsset, cancellationToken);
        if (svg is null)
        {
            return (null, null, TouchUpResult.Fail(TouchUpError.Unavailable, "This page's drawing is no longer stored."));
        }

        PageStrokes strokes;
        try
        {
            strokes = PageStrokes.ReadSvg(svg);
        }
        catch (FormatException)
        {
            return (null, null, TouchUpResult.Fail(TouchUpError.Unavailable, "This page's drawing cannot be read as lines."));
        }

        // Only our own format is drawn again: whole-pixel page, one stroke width for every line.
        var drawable = strokes.Strokes.Count > 0
            && strokes.Width >= 1 && strokes.Height >= 1 && strokes.Width == MathF.Floor(strokes.Width) && strokes.Height == MathF.Floor(strokes.Height)
            && strokes.Strokes.All(s => s.Width == strokes.Strokes[0].Width);
        return drawable
            ? (job, strokes, null)
            : (null, null, TouchUpResult.Fail(TouchUpError.Unavailable, "This page's drawing cannot be touched up."));
    }
}
