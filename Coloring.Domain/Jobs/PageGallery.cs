using Coloring.Domain.Data;
using Coloring.Engine;
using Coloring.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Jobs;

/// <summary>What the gallery shows: pages whose name holds <paramref name="Search"/>, of one preset, favourites only.</summary>
public sealed record GalleryFilter(string? Search = null, AgePreset? Preset = null, bool FavouritesOnly = false)
{
    /// <summary>Longest search text looked for; longer text is cut.</summary>
    public const int MaxSearchLength = PageNames.MaxLength;
}

/// <summary>A page in the gallery, with when its files go (null when it has none: not finished, or already gone).</summary>
public sealed record GalleryPage(Job Job, DateTimeOffset? ExpiresAt)
{
    /// <summary>True from <see cref="PageGallery.WarnBefore"/> before the page's files expire, until they do.</summary>
    public bool ExpiresSoon(DateTimeOffset now) => ExpiresAt is { } at && at > now && at - now <= PageGallery.WarnBefore;

    /// <summary>The page can be kept now: it expires soon and was never kept.</summary>
    public bool CanKeep(DateTimeOffset now) => Job.KeptAt is null && ExpiresSoon(now);
}

/// <summary>One slice of the gallery, newest first.</summary>
public sealed record GallerySlice(int Total, IReadOnlyList<GalleryPage> Pages);

public enum KeepOutcome
{
    Kept,
    NotFound,

    /// <summary>The page was kept once already.</summary>
    AlreadyKept,

    /// <summary>More than <see cref="PageGallery.WarnBefore"/> is left: nothing to do yet.</summary>
    NotYet,

    /// <summary>Its files are already gone (or it never had any).</summary>
    Gone,
}

public enum RenameOutcome
{
    Renamed,
    NotFound,
    Invalid,
}

public sealed record RenameResult(RenameOutcome Outcome, string? Name = null, string? Message = null);

/// <summary>
/// "My pages": a person's pages with their names, favourites and expiry, and keeping a page that is about to
/// expire. Every query is scoped to the person; someone else's page is not found.
/// </summary>
public sealed class PageGallery(IDbContextFactory<ColoringDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How long before a page expires it is flagged and can be kept.</summary>
    public static readonly TimeSpan WarnBefore = TimeSpan.FromDays(7);

    /// <summary>One slice of the person's pages, newest first, that pass <paramref name="filter"/>.</summary>
    public async Task<GallerySlice> ListAsync(Guid userId, GalleryFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var paging = new Paging(page, pageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var jobs = db.Jobs.AsNoTracking().Where(j => j.UserId == userId);
        if (filter.FavouritesOnly)
        {
            jobs = jobs.Where(j => j.IsFavourite);
        }

        if (filter.Preset is { } preset)
        {
            jobs = jobs.Where(j => j.Preset == preset);
        }

        if (SearchText(filter.Search) is { } search)
        {
            // Lower-cased on both sides, as PostgreSQL compares case-sensitively; SQLite's lower() folds ASCII only,
            // so the text as typed is also looked for (an accented capital matches itself).
            var lower = search.ToLowerInvariant();
            jobs = jobs.Where(j => j.Name != null && (j.Name.ToLower().Contains(lower) || j.Name.Contains(search)));
        }

        var total = await jobs.CountAsync(cancellationToken);
        var rows = await jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(j => new { Job = j, ExpiresAt = db.Assets.Where(a => a.Id == j.PageAssetId).Select(a => (DateTimeOffset?)a.ExpiresAt).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return new GallerySlice(total, rows.Select(r => new GalleryPage(r.Job, r.ExpiresAt)).ToList());
    }

    /// <summary>The person's page with its expiry, or null (also when it is someone else's).</summary>
    public async Task<GalleryPage?> FindAsync(Guid userId, Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Jobs.AsNoTracking().Where(j => j.Id == jobId && j.UserId == userId)
            .Select(j => new { Job = j, ExpiresAt = db.Assets.Where(a => a.Id == j.PageAssetId).Select(a => (DateTimeOffset?)a.ExpiresAt).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new GalleryPage(row.Job, row.ExpiresAt);
    }

    /// <summary>Names the page; an empty name gives it back its default. See <see cref="PageNames.TryNormalize"/>.</summary>
    public async Task<RenameResult> RenameAsync(Guid userId, Guid jobId, string? name, CancellationToken cancellationToken = default)
    {
        if (!PageNames.TryNormalize(name, out var normalized, out var error))
        {
            return new RenameResult(RenameOutcome.Invalid, Message: error);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.Jobs.Where(j => j.Id == jobId && j.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Name, normalized), cancellationToken);
        return changed == 0 ? new RenameResult(RenameOutcome.NotFound) : new RenameResult(RenameOutcome.Renamed, normalized);
    }

    /// <summary>Stars or unstars the page; false when the person has no such page.</summary>
    public async Task<bool> SetFavouriteAsync(Guid userId, Guid jobId, bool favourite, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.Where(j => j.Id == jobId && j.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.IsFavourite, favourite), cancellationToken) > 0;
    }

    /// <summary>
    /// Keeps a page that expires within <see cref="WarnBefore"/>: its files (page, drawing, preview) get a whole new
    /// lifetime from now. Once per page: the mark is set only where it was not, with the new expiry in the same
    /// transaction, so two keeps at once renew once. The mark is written first (a write, not a read upgraded to one),
    /// so concurrent keeps queue on the database instead of failing.
    /// </summary>
    public async Task<KeepOutcome> KeepAsync(Guid userId, Guid jobId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var warnFrom = now + WarnBefore;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var marked = await db.Jobs
                .Where(j => j.Id == jobId && j.UserId == userId && j.KeptAt == null && j.Status == JobStatus.Succeeded
                    && db.Assets.Any(a => a.Id == j.PageAssetId && a.OwnerId == userId && a.ExpiresAt > now && a.ExpiresAt <= warnFrom))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.KeptAt, now), cancellationToken);
            if (marked == 1)
            {
                var job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId, cancellationToken);
                var files = new[] { job.PageAssetId, job.SvgAssetId, job.PreviewAssetId, job.UneditedPageAssetId, job.UneditedSvgAssetId, job.UneditedPreviewAssetId }.OfType<Guid>().ToList();
                var until = now + Asset.LifetimeOf(Bucket.Artifacts);
                await db.Assets.Where(a => files.Contains(a.Id) && a.OwnerId == userId && a.ExpiresAt > now)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.ExpiresAt, until), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return KeepOutcome.Kept;
            }
        }

        var page = await FindAsync(userId, jobId, cancellationToken);
        return page switch
        {
            null => KeepOutcome.NotFound,
            { Job.KeptAt: not null } => KeepOutcome.AlreadyKept,
            { Job.Status: not JobStatus.Succeeded } or { ExpiresAt: null } => KeepOutcome.Gone,
            _ when page.ExpiresAt <= now => KeepOutcome.Gone,
            _ => KeepOutcome.NotYet,
        };
    }

    private static string? SearchText(string? search)
    {
        var text = search?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > GalleryFilter.MaxSearchLength)
        {
            text = text[..GalleryFilter.MaxSearchLength];
        }

        return text;
    }
}
