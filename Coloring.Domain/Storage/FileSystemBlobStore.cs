using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Coloring.Domain.Storage;

/// <summary>
/// Files under <c>{root}/{bucket}/{owner}/{asset}.{ext}</c>. Keys are checked against the one shape the
/// app generates, so no path from outside can ever reach the file system.
/// </summary>
public sealed partial class FileSystemBlobStore(string root) : IBlobStore
{
    private const string PartialSuffix = ".partial";

    public string Root { get; } = Path.GetFullPath(root);

    public async Task WriteAsync(Bucket bucket, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!IsValidKey(key))
        {
            throw new ArgumentException("Not a storage key.", nameof(key));
        }

        var path = PathOf(bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.{Guid.NewGuid():N}{PartialSuffix}";
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await file.WriteAsync(content, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(Bucket bucket, string key, CancellationToken cancellationToken)
    {
        var path = PathOf(bucket, key);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(Bucket bucket, string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(bucket, key));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredBlob> ListAsync(Bucket bucket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Root, FolderOf(bucket));
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(path);
            if (info.Exists)
            {
                yield return new StoredBlob(Path.GetRelativePath(folder, path).Replace('\\', '/'), info.LastWriteTimeUtc, info.Length);
            }
        }

        await Task.CompletedTask;
    }

    /// <summary>True for keys of the generated shape <c>{32 hex}/{32 hex}.{ext}</c>.</summary>
    public static bool IsValidKey(string key) => KeyShape().IsMatch(key);

    internal string PathOf(Bucket bucket, string key)
    {
        // Only the shapes this class writes (a key, or a key's unfinished write) ever become a path.
        if (!StoredKeyShape().IsMatch(key))
        {
            throw new ArgumentException("Not a storage key.", nameof(key));
        }

        return Path.Combine(Root, FolderOf(bucket), key);
    }

    /// <summary>The folder (or key prefix, in a bucket) of a bucket: <c>originals</c>, <c>intermediates</c>, …</summary>
    public static string FolderOf(Bucket bucket) => bucket.ToString().ToLowerInvariant();

    [GeneratedRegex("^[0-9a-f]{32}/[0-9a-f]{32}\\.(png|svg|jpg|webp|pdf)$")]
    private static partial Regex KeyShape();

    [GeneratedRegex("^[0-9a-f]{32}/[0-9a-f]{32}\\.(png|svg|jpg|webp|pdf)(\\.[0-9a-f]{32}\\.partial)?$")]
    private static partial Regex StoredKeyShape();
}
