namespace Coloring.Domain.Storage;

/// <summary>Settings under <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder of the file store; a relative path is taken from the app's content root.</summary>
    public string Root { get; set; } = "App_Data/storage";

    /// <summary>An S3-compatible bucket; used instead of <see cref="Root"/> when its <see cref="S3StorageOptions.Bucket"/> is set.</summary>
    public S3StorageOptions S3 { get; set; } = new();
}

/// <summary>Settings under <c>Storage:S3</c>: one bucket, with a folder (key prefix) per <see cref="Bucket"/>.</summary>
public sealed class S3StorageOptions
{
    /// <summary>The endpoint of an S3-compatible server (MinIO, Garage, a cloud's); empty for Amazon S3 itself.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The bucket's name; setting it switches the app from the disk to the bucket.</summary>
    public string? Bucket { get; set; }

    /// <summary>The region requests are signed for.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Access key id; empty to use the SDK's usual sources (environment, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Addresses the bucket as <c>host/bucket</c> instead of <c>bucket.host</c>; most self-hosted servers need it.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>True when the bucket is chosen over the disk.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Bucket);
}
