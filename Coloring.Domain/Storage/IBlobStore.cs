namespace Coloring.Domain.Storage;

/// <summary>A file as the store sees it.</summary>
public sealed record StoredBlob(string Key, DateTimeOffset LastModified, long Bytes);

/// <summary>
/// Bytes by bucket and key. The file system is the one implementation today; an S3-compatible store
/// can take its place behind this interface.
/// </summary>
public interface IBlobStore
{
    /// <summary>Writes the whole content or nothing (a reader never sees half a file).</summary>
    Task WriteAsync(Bucket bucket, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The content, or null when there is no such file.</summary>
    Task<Stream?> OpenReadAsync(Bucket bucket, string key, CancellationToken cancellationToken);

    /// <summary>Deletes the file; deleting a missing file is not an error.</summary>
    Task DeleteAsync(Bucket bucket, string key, CancellationToken cancellationToken);

    /// <summary>Every file in the bucket, including unfinished writes, for the orphan sweep.</summary>
    IAsyncEnumerable<StoredBlob> ListAsync(Bucket bucket, CancellationToken cancellationToken);
}
