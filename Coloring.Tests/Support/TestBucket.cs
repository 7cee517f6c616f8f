using Amazon.S3;
using Amazon.S3.Model;
using Coloring.Domain.Storage;

namespace Coloring.Tests.Support;

/// <summary>Where a test keeps its files: a folder on disk, or a bucket on the S3-compatible server.</summary>
public enum BlobStoreKind
{
    Disk,
    S3,
}

/// <summary>
/// A bucket of one test's own on the s3rver that <c>./test.sh</c> starts (its address is in <c>COLORING_TEST_S3</c>,
/// its data folder in <c>COLORING_TEST_S3_DIR</c>), emptied and removed at the end.
/// </summary>
public sealed class TestBucket : IAsyncDisposable
{
    /// <summary>A bucket name and client; the bucket exists once <see cref="PutAsync"/> has run.</summary>
    public TestBucket()
    {
        Name = $"coloring-test-{Guid.NewGuid():N}"[..40];
        Client = S3BlobStore.CreateClient(Options(Name));
        Store = new S3BlobStore(Client, Name);
    }

    public AmazonS3Client Client { get; }

    public string Name { get; }

    public S3BlobStore Store { get; }

    public static string ServiceUrl =>
        Environment.GetEnvironmentVariable("COLORING_TEST_S3")
        ?? throw new InvalidOperationException("COLORING_TEST_S3 is not set: run the tests with ./test.sh, which starts s3rver.");

    /// <summary>The app's settings that choose this bucket.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:S3:ServiceUrl"] = ServiceUrl,
        ["Storage:S3:Bucket"] = Name,
        ["Storage:S3:AccessKey"] = "S3RVER",
        ["Storage:S3:SecretKey"] = "S3RVER",
    };

    public static S3StorageOptions Options(string bucket) => new()
    {
        ServiceUrl = ServiceUrl,
        Bucket = bucket,
        AccessKey = "S3RVER",
        SecretKey = "S3RVER",
    };

    public static async Task<TestBucket> CreateAsync()
    {
        var bucket = new TestBucket();
        await bucket.PutAsync();
        return bucket;
    }

    /// <summary>Creates the bucket on the server.</summary>
    public Task PutAsync() => Client.PutBucketAsync(new PutBucketRequest { BucketName = Name });

    /// <summary>
    /// Makes an object look older, as the disk tests do with a file's time: s3rver reports the modification time
    /// of the file it keeps the object in.
    /// </summary>
    public void Backdate(Bucket bucket, string key, DateTimeOffset to)
    {
        var folder = Environment.GetEnvironmentVariable("COLORING_TEST_S3_DIR")
            ?? throw new InvalidOperationException("COLORING_TEST_S3_DIR is not set: run the tests with ./test.sh.");
        var path = Path.Combine(folder, Name, S3BlobStore.ObjectKeyOf(bucket, key) + "._S3rver_object");
        File.SetLastWriteTimeUtc(path, to.UtcDateTime);
    }

    /// <summary>Every object in the bucket, whatever its key.</summary>
    public async Task<List<string>> KeysAsync()
    {
        var response = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Name });
        return (response.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (((await Client.ListBucketsAsync()).Buckets ?? []).Any(b => b.BucketName == Name))
        {
            foreach (var key in await KeysAsync())
            {
                await Client.DeleteObjectAsync(Name, key);
            }

            await Client.DeleteBucketAsync(Name);
        }

        Client.Dispose();
    }
}
