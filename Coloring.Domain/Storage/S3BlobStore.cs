using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Coloring.Domain.Storage;

/// <summary>
/// Files in one S3-compatible bucket, under <c>{bucket folder}/{owner}/{asset}.{ext}</c>: the same keys as the
/// disk store, with a folder per <see cref="Bucket"/> so lifecycle rules can match each lifetime by prefix.
/// Keys are checked against the one shape the app generates, exactly as on disk.
/// </summary>
public sealed class S3BlobStore(IAmazonS3 client, string bucketName) : IBlobStore
{
    /// <summary>A client for <paramref name="options"/>; the caller owns (and disposes) it.</summary>
    public static AmazonS3Client CreateClient(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    public string BucketName { get; } = bucketName;

    public async Task WriteAsync(Bucket bucket, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKeyOf(bucket, key);
        var request = new PutObjectRequest
        {
            BucketName = BucketName,
            Key = objectKey,
            InputStream = new MemoryStream(content.ToArray(), writable: false),
            AutoCloseStream = true,
            // Some S3-compatible servers store the SDK's chunk framing as the content; a plain body works everywhere.
            UseChunkEncoding = false,
            DisablePayloadSigning = false,
        };
        try
        {
            // A PUT is all-or-nothing on the server: readers see the old object, no object, or the whole new one.
            await client.PutObjectAsync(request, cancellationToken);
        }
        catch
        {
            // The request may have failed after the server stored it (a dropped reply, a cancellation): remove it.
            await TryDeleteAsync(objectKey);
            throw;
        }
    }

    public async Task<Stream?> OpenReadAsync(Bucket bucket, string key, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKeyOf(bucket, key);
        try
        {
            var response = await client.GetObjectAsync(BucketName, objectKey, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(Bucket bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteObjectAsync(BucketName, ObjectKeyOf(bucket, key), cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone, which is what was asked.
        }
    }

    public async IAsyncEnumerable<StoredBlob> ListAsync(Bucket bucket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = FileSystemBlobStore.FolderOf(bucket) + "/";
        var request = new ListObjectsV2Request { BucketName = BucketName, Prefix = prefix };
        while (true)
        {
            var page = await client.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new StoredBlob(
                    item.Key[prefix.Length..],
                    new DateTimeOffset(DateTime.SpecifyKind(item.LastModified ?? DateTime.MinValue, DateTimeKind.Utc)),
                    item.Size ?? 0);
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>The object key of a storage key; anything but the generated shape is refused.</summary>
    public static string ObjectKeyOf(Bucket bucket, string key) =>
        FileSystemBlobStore.IsValidKey(key) ? $"{FileSystemBlobStore.FolderOf(bucket)}/{key}" : throw new ArgumentException("Not a storage key.", nameof(key));

    private async Task TryDeleteAsync(string objectKey)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await client.DeleteObjectAsync(BucketName, objectKey, timeout.Token);
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException)
        {
            // The store is unreachable; the orphan sweep removes an object that has no row.
        }
    }
}
