using Coloring.Domain.Storage;
using Coloring.Tests.Support;
using Coloring.Web.Commands;
using Microsoft.Extensions.Configuration;

namespace Coloring.Tests.Domain.Storage;

/// <summary>Moving a disk store into a bucket: <see cref="StorageMove"/> and the <c>move-files</c> command.</summary>
public sealed class StorageMoveTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("coloring-move");
    private TestBucket _bucket = null!;

    public async Task InitializeAsync() => _bucket = await TestBucket.CreateAsync();

    public async Task DisposeAsync()
    {
        await _bucket.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task EveryFileIsCopiedUnderItsOwnKeyAndOnlyOurFilesAre()
    {
        var disk = new FileSystemBlobStore(_folder.FullName);
        var photo = Key("jpg");
        var page = Key("svg");
        await disk.WriteAsync(Bucket.Originals, photo, new byte[] { 1, 2, 3 }, CancellationToken.None);
        await disk.WriteAsync(Bucket.Artifacts, page, "<svg/>"u8.ToArray(), CancellationToken.None);
        File.WriteAllText(Path.Combine(_folder.FullName, "originals", photo + $".{Guid.NewGuid():N}.partial"), "half");
        File.WriteAllText(Path.Combine(_folder.FullName, "originals", "notes.txt"), "not ours");

        var report = await StorageMove.CopyAllAsync(disk, _bucket.Store);

        Assert.Equal(new StorageMoveReport(Copied: 2, AlreadyThere: 0, Skipped: 2), report);
        Assert.Equal([$"artifacts/{page}", $"originals/{photo}"], (await _bucket.KeysAsync()).Order(StringComparer.Ordinal));
        await using var copy = (await _bucket.Store.OpenReadAsync(Bucket.Artifacts, page, CancellationToken.None))!;
        Assert.Equal("<svg/>", await new StreamReader(copy).ReadToEndAsync());
    }

    [Fact]
    public async Task RunningItAgainAfterAnInterruptedRunCopiesOnlyWhatIsMissing()
    {
        var disk = new FileSystemBlobStore(_folder.FullName);
        var keys = Enumerable.Range(0, 3).Select(_ => Key("png")).ToList();
        foreach (var key in keys)
        {
            await disk.WriteAsync(Bucket.Previews, key, new byte[] { 4, 5 }, CancellationToken.None);
        }

        await _bucket.Store.WriteAsync(Bucket.Previews, keys[0], new byte[] { 4, 5 }, CancellationToken.None);

        var first = await StorageMove.CopyAllAsync(disk, _bucket.Store);
        var second = await StorageMove.CopyAllAsync(disk, _bucket.Store);

        Assert.Equal(new StorageMoveReport(2, 1, 0), first);
        Assert.Equal(new StorageMoveReport(0, 3, 0), second);
        Assert.Equal(3, (await _bucket.KeysAsync()).Count);
    }

    [Fact]
    public async Task TheCommandMovesAFolderIntoTheBucketItsSettingsName()
    {
        await new FileSystemBlobStore(_folder.FullName).WriteAsync(Bucket.Originals, Key("jpg"), new byte[] { 1 }, CancellationToken.None);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(_bucket.Settings).Build();
        var stdout = new StringWriter();

        var code = StorageCommands.MoveFiles([_folder.FullName], stdout, new StringWriter(), settings);

        Assert.Equal(0, code);
        Assert.Contains("1 copied, 0 already in the bucket", stdout.ToString());
        Assert.Single(await _bucket.KeysAsync());
    }

    [Theory]
    [InlineData(true, "")]
    [InlineData(false, "bucket")]
    [InlineData(false, "")]
    public void TheCommandRefusesAMissingFolderOrBucket(bool folderExists, string bucket)
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:S3:Bucket"] = bucket }).Build();
        var stderr = new StringWriter();

        var code = StorageCommands.MoveFiles([folderExists ? _folder.FullName : Path.Combine(_folder.FullName, "nope")], new StringWriter(), stderr, settings);

        Assert.Equal(2, code);
        Assert.NotEmpty(stderr.ToString());
    }

    private static string Key(string extension) => $"{Guid.NewGuid():N}/{Guid.NewGuid():N}.{extension}";
}
