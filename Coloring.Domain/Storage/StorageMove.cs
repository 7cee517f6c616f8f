namespace Coloring.Domain.Storage;

/// <summary>What a move of stored files did.</summary>
/// <param name="Copied">Files written to the target.</param>
/// <param name="AlreadyThere">Files the target already held (from an earlier, perhaps interrupted, run).</param>
/// <param name="Skipped">Files that are not the app's (other names, unfinished writes): left where they are.</param>
public sealed record StorageMoveReport(int Copied, int AlreadyThere, int Skipped);

/// <summary>
/// Copies every stored file from one store to another under the same bucket and key, so the rows in the
/// database stay valid as they are. Nothing is deleted from the source: an operator switches the app over,
/// checks it, and removes the old folder. Safe to run again, and to stop half-way: a file the target holds
/// with the same size is not copied twice (a key is never rewritten with other content).
/// </summary>
public static class StorageMove
{
    public static async Task<StorageMoveReport> CopyAllAsync(IBlobStore from, IBlobStore to, Action<Bucket, string>? onCopied = null, CancellationToken cancellationToken = default)
    {
        int copied = 0, alreadyThere = 0, skipped = 0;
        foreach (var bucket in Enum.GetValues<Bucket>())
        {
            var present = new Dictionary<string, long>(StringComparer.Ordinal);
            await foreach (var blob in to.ListAsync(bucket, cancellationToken))
            {
                present[blob.Key] = blob.Bytes;
            }

            await foreach (var blob in from.ListAsync(bucket, cancellationToken))
            {
                if (!FileSystemBlobStore.IsValidKey(blob.Key))
                {
                    skipped++;
                }
                else if (present.TryGetValue(blob.Key, out var bytes) && bytes == blob.Bytes)
                {
                    alreadyThere++;
                }
                else if (await ReadAsync(from, bucket, blob.Key, cancellationToken) is { } content)
                {
                    await to.WriteAsync(bucket, blob.Key, content, cancellationToken);
                    copied++;
                    onCopied?.Invoke(bucket, blob.Key);
                }
                else
                {
                    // Deleted by the cleanup between the listing and the read: nothing left to move.
                    skipped++;
                }
            }
        }

        return new StorageMoveReport(copied, alreadyThere, skipped);
    }

    private static async Task<byte[]?> ReadAsync(IBlobStore store, Bucket bucket, string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(bucket, key, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
