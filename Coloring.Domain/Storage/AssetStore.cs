using System.Security.Cryptography;
using Coloring.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Storage;

/// <summary>What a cleanup pass did.</summary>
public sealed record CleanupReport(int ExpiredAssets, int OrphanFiles, int ExpiredSignInLinks);

/// <summary>
/// Files with their database rows: every stored file has an owner, a bucket lifetime and a checksum.
/// Lookups are always by owner, so one user can never reach another's file.
/// </summary>
public sealed class AssetStore(IDbContextFactory<ColoringDbContext> dbFactory, IBlobStore blobs, TimeProvider clock, ILogger<AssetStore> logger)
{
    /// <summary>How old a file with no row must be before the orphan sweep deletes it (a write may be under way).</summary>
    public static readonly TimeSpan OrphanGrace = TimeSpan.FromHours(1);

    /// <summary>
    /// Stores <paramref name="content"/> for <paramref name="ownerId"/>. The file is written first, so a row never points at nothing.
    /// It expires after its bucket's lifetime, or at <paramref name="expiresAt"/> when given (a new version of a page lives as long as the page).
    /// </summary>
    public async Task<Asset> SaveAsync(Guid ownerId, Bucket bucket, ReadOnlyMemory<byte> content, string contentType, string extension, int? width = null, int? height = null, CancellationToken cancellationToken = default, DateTimeOffset? expiresAt = null)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var asset = new Asset
        {
            Id = id,
            OwnerId = ownerId,
            Bucket = bucket,
            Key = $"{ownerId:N}/{id:N}.{extension}",
            ContentType = contentType,
            Bytes = content.Length,
            Width = width,
            Height = height,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span)),
            CreatedAt = now,
            ExpiresAt = expiresAt ?? now + Asset.LifetimeOf(bucket),
        };
        await blobs.WriteAsync(bucket, asset.Key, content, cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.Assets.Add(asset);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await blobs.DeleteAsync(bucket, asset.Key, CancellationToken.None);
            throw;
        }

        return asset;
    }

    /// <summary>The asset when it exists, has not expired and belongs to <paramref name="ownerId"/> (any owner when null, for admins).</summary>
    public async Task<Asset?> FindAsync(Guid assetId, Guid? ownerId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Assets.AsNoTracking()
            .Where(a => a.Id == assetId && a.ExpiresAt > now && (ownerId == null || a.OwnerId == ownerId))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public Task<Stream?> OpenAsync(Asset asset, CancellationToken cancellationToken = default) =>
        blobs.OpenReadAsync(asset.Bucket, asset.Key, cancellationToken);

    public async Task<byte[]?> ReadAllAsync(Asset asset, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenAsync(asset, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Deletes the rows and files of these assets (missing ones are skipped).</summary>
    public async Task<int> DeleteAsync(IEnumerable<Guid> assetIds, CancellationToken cancellationToken = default)
    {
        var ids = assetIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assets = await db.Assets.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        return await DeleteRowsThenFilesAsync(db, assets, cancellationToken);
    }

    /// <summary>
    /// Deletes expired assets and files that have no row (older than <see cref="OrphanGrace"/>). Safe to run
    /// twice at once: every step tolerates the other having done it first.
    /// </summary>
    public async Task<(int Expired, int Orphans)> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var expired = 0;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var batch = await db.Assets.AsNoTracking().Where(a => a.ExpiresAt <= now).OrderBy(a => a.ExpiresAt).Take(500).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            expired += await DeleteRowsThenFilesAsync(db, batch, cancellationToken);
            if (batch.Count < 500)
            {
                break;
            }
        }

        var orphans = 0;
        foreach (var bucket in Enum.GetValues<Bucket>())
        {
            var known = (await db.Assets.AsNoTracking().Where(a => a.Bucket == bucket).Select(a => a.Key).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            await foreach (var blob in blobs.ListAsync(bucket, cancellationToken))
            {
                if (!known.Contains(blob.Key) && blob.LastModified < now - OrphanGrace)
                {
                    try
                    {
                        await blobs.DeleteAsync(bucket, blob.Key, cancellationToken);
                        orphans++;
                    }
                    catch (ArgumentException)
                    {
                        logger.LogWarning("A file that is not ours sits in the {Bucket} bucket: {Key}", bucket, blob.Key);
                    }
                }
            }
        }

        return (expired, orphans);
    }

    private async Task<int> DeleteRowsThenFilesAsync(ColoringDbContext db, List<Asset> assets, CancellationToken cancellationToken)
    {
        // Rows first: a file without a row is swept later, a row without a file would be a broken link now.
        var ids = assets.Select(a => a.Id).ToList();
        var deleted = await db.Assets.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
        foreach (var asset in assets)
        {
            await blobs.DeleteAsync(asset.Bucket, asset.Key, cancellationToken);
        }

        return deleted;
    }
}
