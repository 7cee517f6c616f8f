namespace Coloring.Domain.Storage;

/// <summary>Where a file lives, and so how long it is kept.</summary>
public enum Bucket
{
    /// <summary>Uploaded photos, re-encoded without metadata: 30 days.</summary>
    Originals,

    /// <summary>Working files of a generation: 48 hours.</summary>
    Intermediates,

    /// <summary>Finished pages (PNG, SVG): 90 days.</summary>
    Artifacts,

    /// <summary>Small previews of pages: 90 days.</summary>
    Previews,
}

/// <summary>A stored file: who owns it, where it is, what it is, and when it goes.</summary>
public class Asset
{
    public Guid Id { get; set; }

    /// <summary>The owner; files of deleted accounts are deleted with them.</summary>
    public Guid OwnerId { get; set; }

    public Bucket Bucket { get; set; }

    /// <summary>Generated as <c>{ownerId:N}/{assetId:N}.{ext}</c>; never a user-supplied name.</summary>
    public required string Key { get; set; }

    public required string ContentType { get; set; }

    public long Bytes { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public required string Sha256 { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>How long files in <paramref name="bucket"/> are kept.</summary>
    public static TimeSpan LifetimeOf(Bucket bucket) => bucket switch
    {
        Bucket.Originals => TimeSpan.FromDays(30),
        Bucket.Intermediates => TimeSpan.FromHours(48),
        Bucket.Artifacts => TimeSpan.FromDays(90),
        Bucket.Previews => TimeSpan.FromDays(90),
        _ => throw new ArgumentOutOfRangeException(nameof(bucket)),
    };
}
