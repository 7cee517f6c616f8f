using Coloring.Domain.Storage;
using Microsoft.Extensions.Configuration;

namespace Coloring.Web.Commands;

/// <summary>
/// dotnet Coloring.Web.dll move-files &lt;storage folder&gt;: copies the files of a disk store into the S3-compatible bucket set
/// by the app's own settings <c>Storage:S3:*</c> (appsettings, or <c>Storage__S3__Bucket</c> and the rest in the
/// environment). Safe to run again.
/// </summary>
public static class StorageCommands
{
    public const string Usage =
        "  move-files <storage folder>   (copies it into the bucket set by Storage:S3:* / Storage__S3__*; safe to re-run)\n";

    public static int MoveFiles(string[] args, TextWriter stdout, TextWriter stderr, IConfiguration configuration)
    {
        if (args.Length != 1 || args[0].StartsWith('-'))
        {
            stderr.WriteLine("usage:\n" + Usage);
            return 2;
        }

        if (!Directory.Exists(args[0]))
        {
            stderr.WriteLine($"no such folder '{args[0]}'");
            return 2;
        }

        var options = new S3StorageOptions();
        configuration.GetSection("Storage:S3").Bind(options);
        if (!options.IsEnabled)
        {
            stderr.WriteLine("Storage__S3__Bucket is not set: say which bucket to move the files to.");
            return 2;
        }

        using var client = S3BlobStore.CreateClient(options);
        var report = StorageMove.CopyAllAsync(
            new FileSystemBlobStore(args[0]),
            new S3BlobStore(client, options.Bucket!),
            (bucket, key) => stdout.WriteLine($"copied {FileSystemBlobStore.FolderOf(bucket)}/{key}")).GetAwaiter().GetResult();
        stdout.WriteLine($"{report.Copied} copied, {report.AlreadyThere} already in the bucket, {report.Skipped} not ours and left alone");
        return 0;
    }
}
