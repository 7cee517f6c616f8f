using Coloring.Domain.Accounts;
using Coloring.Domain.Data;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coloring.Tests.Domain.Storage;

public sealed class StorageOnSqliteTests() : StorageTests(DatabaseProvider.Sqlite, BlobStoreKind.Disk);

public sealed class StorageOnPostgresTests() : StorageTests(DatabaseProvider.Postgres, BlobStoreKind.Disk);

public sealed class StorageInBucketOnSqliteTests() : StorageTests(DatabaseProvider.Sqlite, BlobStoreKind.S3);

public sealed class StorageInBucketOnPostgresTests() : StorageTests(DatabaseProvider.Postgres, BlobStoreKind.S3);

/// <summary>The file store with its rows: lifetimes, isolation, photo intake and cleanup, on disk and in a bucket.</summary>
public abstract class StorageTests(DatabaseProvider provider, BlobStoreKind kind) : DatabaseTest(provider)
{
    private TestBucket? _bucket;

    private AssetStore Store => Get<AssetStore>();

    private IBlobStore Blobs => Get<IBlobStore>();

    public override async Task InitializeAsync()
    {
        if (kind == BlobStoreKind.S3)
        {
            _bucket = await TestBucket.CreateAsync();
        }

        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_bucket is not null)
        {
            await _bucket.DisposeAsync();
        }
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        if (_bucket is not null)
        {
            services.RemoveAll<IBlobStore>();
            services.AddSingleton<IBlobStore>(_bucket.Store);
        }
    }

    [Fact]
    public async Task TheStoreUnderTestIsTheOneAskedFor()
    {
        Assert.IsType(kind == BlobStoreKind.S3 ? typeof(S3BlobStore) : typeof(FileSystemBlobStore), Blobs);
        var asset = await Store.SaveAsync((await Services.AddUserAsync()).Id, Bucket.Artifacts, new byte[] { 7, 8 }, "image/png", "png");

        Assert.Equal(new byte[] { 7, 8 }, await Store.ReadAllAsync(asset));
        if (_bucket is not null)
        {
            Assert.Equal([$"artifacts/{asset.Key}"], await _bucket.KeysAsync());
        }
    }

    [Fact]
    public async Task WhenTheRowCannotBeWrittenTheFileIsRemovedToo()
    {
        var user = await Services.AddUserAsync();
        await RenameAssetsTableAsync("assets", "assets_away");

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => Store.SaveAsync(user.Id, Bucket.Originals, new byte[] { 1, 2, 3 }, "image/jpeg", "jpg"));

        await RenameAssetsTableAsync("assets_away", "assets");
        Assert.Equal(0, await CountAssetsAsync());
        Assert.Empty(await AllFilesAsync());
    }

    [Fact]
    public async Task WhenTheStoreRefusesTheFileNoRowIsWritten()
    {
        var user = await Services.AddUserAsync();
        await using var broken = await BrokenStoreAsync();
        var store = new AssetStore(Get<IDbContextFactory<ColoringDbContext>>(), broken.Store, Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<AssetStore>.Instance);

        await Assert.ThrowsAnyAsync<Exception>(() => store.SaveAsync(user.Id, Bucket.Originals, new byte[] { 1, 2, 3 }, "image/jpeg", "jpg"));

        Assert.Equal(0, await CountAssetsAsync());
    }

    [Fact]
    public async Task ManyFilesSavedAtOnceAreEachStoredWhole()
    {
        var user = await Services.AddUserAsync();
        var contents = Enumerable.Range(0, 12).Select(i => Enumerable.Repeat((byte)i, 1000 + i * 5000).ToArray()).ToList();

        var assets = await Task.WhenAll(contents.Select(c => Task.Run(() => Store.SaveAsync(user.Id, Bucket.Artifacts, c, "image/png", "png"))));

        for (var i = 0; i < assets.Length; i++)
        {
            Assert.Equal(contents[i], await Store.ReadAllAsync(assets[i]));
        }

        Assert.Equal(12, (await AllFilesAsync()).Count);
    }

    [Fact]
    public async Task AMissingFileReadsAsNothingAndDeletingItTwiceIsFine()
    {
        var key = $"{Guid.NewGuid():N}/{Guid.NewGuid():N}.png";
        await Blobs.WriteAsync(Bucket.Previews, key, new byte[] { 1 }, CancellationToken.None);

        await Blobs.DeleteAsync(Bucket.Previews, key, CancellationToken.None);
        await Blobs.DeleteAsync(Bucket.Previews, key, CancellationToken.None);

        Assert.Null(await Blobs.OpenReadAsync(Bucket.Previews, key, CancellationToken.None));
    }

    [Theory]
    [InlineData(Bucket.Originals, 30 * 24)]
    [InlineData(Bucket.Intermediates, 48)]
    [InlineData(Bucket.Artifacts, 90 * 24)]
    [InlineData(Bucket.Previews, 90 * 24)]
    public async Task EachBucketKeepsItsFilesForItsOwnLifetime(Bucket bucket, int hours)
    {
        var user = await Services.AddUserAsync();

        var asset = await Store.SaveAsync(user.Id, bucket, new byte[] { 1, 2, 3 }, "image/png", "png");

        Assert.Equal(TimeSpan.FromHours(hours), asset.ExpiresAt - asset.CreatedAt);
        Assert.Matches($"^{user.Id:N}/[0-9a-f]{{32}}\\.png$", asset.Key);
        Assert.Equal("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", asset.Sha256);
    }

    [Fact]
    public async Task AnAssetIsFoundOnlyByItsOwner()
    {
        var owner = await Services.AddUserAsync();
        var stranger = await Services.AddUserAsync();
        var asset = await Store.SaveAsync(owner.Id, Bucket.Artifacts, new byte[] { 1 }, "image/png", "png");

        Assert.NotNull(await Store.FindAsync(asset.Id, owner.Id));
        Assert.Null(await Store.FindAsync(asset.Id, stranger.Id));
    }

    [Fact]
    public async Task AnExpiredAssetIsNotFoundEvenBeforeCleanupRuns()
    {
        var user = await Services.AddUserAsync();
        var asset = await Store.SaveAsync(user.Id, Bucket.Intermediates, new byte[] { 1 }, "image/png", "png");
        Clock.Advance(TimeSpan.FromHours(49));

        Assert.Null(await Store.FindAsync(asset.Id, user.Id));
    }

    [Fact]
    public async Task AnUploadedPhotoIsStoredUprightWithoutItsMetadata()
    {
        var user = await Services.AddUserAsync();
        var original = TestImages.Photo("butterfly.jpg");

        var asset = await Get<PhotoUploads>().StoreAsync(user.Id, original);

        var stored = (await Store.ReadAllAsync(asset))!;
        Assert.Equal("image/jpeg", asset.ContentType);
        Assert.Equal(Bucket.Originals, asset.Bucket);
        Assert.Equal(PhotoReader.Inspect(original).Width, asset.Width);
        Assert.False(ContainsExif(stored), "The stored photo still carries an EXIF block.");
    }

    [Theory]
    [InlineData(0, PhotoProblem.Empty)]
    [InlineData(200, PhotoProblem.NotAnImage)]
    public async Task ABadUploadIsRefusedAndNothingIsStored(int length, PhotoProblem problem)
    {
        var user = await Services.AddUserAsync();
        var bytes = new byte[length];
        new Random(1).NextBytes(bytes);

        var error = await Assert.ThrowsAsync<PhotoRejectedException>(() => Get<PhotoUploads>().StoreAsync(user.Id, bytes));

        Assert.Equal(problem, error.Problem);
        Assert.Equal(0, await CountAssetsAsync());
        Assert.Empty(await AllFilesAsync());
    }

    [Fact]
    public async Task CleanupDeletesExpiredFilesOldOrphansAndUsedLinksButKeepsTheRest()
    {
        var user = await Services.AddUserAsync();
        var expiring = await Store.SaveAsync(user.Id, Bucket.Intermediates, new byte[] { 1 }, "image/png", "png");
        var keeper = await Store.SaveAsync(user.Id, Bucket.Artifacts, new byte[] { 2 }, "image/png", "png");
        var orphan = await WriteOrphanAsync(user.Id, ageHours: 2);
        var youngOrphan = await WriteOrphanAsync(user.Id, ageHours: 0);
        var link = await Get<SignInLinks>().IssueAsync("ann@example.com", null);
        await Get<SignInLinks>().ConsumeAsync(link.Token);
        Clock.Advance(TimeSpan.FromHours(49));

        var (run, alreadyRunning) = await Get<Cleanup>().RunAsync();

        Assert.False(alreadyRunning);
        Assert.Equal(CleanupStatus.Succeeded, run.Status);
        Assert.Equal((1, 1, 1), (run.ExpiredAssets, run.OrphanFiles, run.ExpiredSignInLinks));
        Assert.Null(await Store.FindAsync(expiring.Id, user.Id));
        Assert.False(await ExistsAsync(Bucket.Intermediates, expiring.Key));
        Assert.NotNull(await Store.FindAsync(keeper.Id, user.Id));
        Assert.True(await ExistsAsync(Bucket.Artifacts, keeper.Key));
        Assert.False(await ExistsAsync(Bucket.Artifacts, orphan));
        Assert.True(await ExistsAsync(Bucket.Artifacts, youngOrphan));
    }

    [Fact]
    public async Task TwoCleanupsAtOnceDeleteEachThingOnceAndNeverRunSideBySide()
    {
        var user = await Services.AddUserAsync();
        for (var i = 0; i < 20; i++)
        {
            await Store.SaveAsync(user.Id, Bucket.Intermediates, new byte[] { (byte)i }, "image/png", "png");
        }

        Clock.Advance(TimeSpan.FromHours(49));

        var attempts = await Task.WhenAll(Task.Run(() => Get<Cleanup>().RunAsync()), Task.Run(() => Get<Cleanup>().RunAsync()));

        // Either one ran while the other found it running, or one ran after the other had finished.
        var ran = attempts.Where(a => !a.AlreadyRunning).Select(a => a.Run).ToList();
        Assert.NotEmpty(ran);
        Assert.All(ran, r => Assert.Equal(CleanupStatus.Succeeded, r.Status));
        Assert.Equal(20, ran.Sum(r => r.ExpiredAssets));
        Assert.Equal(0, await CountAssetsAsync());
        Assert.Empty(await AllFilesAsync());
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("00000000000000000000000000000000/..%2f..%2fx.png")]
    [InlineData("")]
    [InlineData("00000000000000000000000000000000/00000000000000000000000000000000.exe")]
    [InlineData("00000000000000000000000000000000/00000000000000000000000000000000.png?x=1")]
    [InlineData("0000000000000000000000000000000０/00000000000000000000000000000000.png")]
    public async Task AKeyOfAnyOtherShapeNeverBecomesAPathOrAnObject(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Blobs.WriteAsync(Bucket.Originals, key, new byte[] { 1 }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Blobs.OpenReadAsync(Bucket.Originals, key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Blobs.DeleteAsync(Bucket.Originals, key, CancellationToken.None));
        Assert.Empty(await AllFilesAsync());
    }

    /// <summary>A file with no row, written as if <paramref name="ageHours"/> before the moment the test's cleanup runs.</summary>
    private async Task<string> WriteOrphanAsync(Guid owner, int ageHours)
    {
        var key = $"{owner:N}/{Guid.NewGuid():N}.png";
        await Blobs.WriteAsync(Bucket.Artifacts, key, new byte[] { 9 }, CancellationToken.None);
        var written = Clock.GetUtcNow() + TimeSpan.FromHours(49) - TimeSpan.FromHours(ageHours) - TimeSpan.FromMinutes(1);
        if (_bucket is not null)
        {
            _bucket.Backdate(Bucket.Artifacts, key, written);
        }
        else
        {
            File.SetLastWriteTimeUtc(Path.Combine(Database.StorageRoot, "artifacts", key), written.UtcDateTime);
        }

        return key;
    }

    private async Task<bool> ExistsAsync(Bucket bucket, string key)
    {
        await using var stream = await Blobs.OpenReadAsync(bucket, key, CancellationToken.None);
        return stream is not null;
    }

    /// <summary>Every file in every bucket of the store under test, unfinished writes included.</summary>
    private async Task<List<string>> AllFilesAsync()
    {
        var files = new List<string>();
        foreach (var bucket in Enum.GetValues<Bucket>())
        {
            await foreach (var blob in Blobs.ListAsync(bucket, CancellationToken.None))
            {
                files.Add($"{bucket}/{blob.Key}");
            }
        }

        if (_bucket is not null)
        {
            Assert.Equal(files.Count, (await _bucket.KeysAsync()).Count);
        }

        return files;
    }

    /// <summary>A store of the kind under test that cannot take a file: a bucket that does not exist, or a root that is a file.</summary>
    private async Task<BrokenStore> BrokenStoreAsync()
    {
        if (kind == BlobStoreKind.S3)
        {
            var missing = new TestBucket();
            return new BrokenStore(missing.Store, missing.DisposeAsync);
        }

        var file = Path.Combine(Path.GetTempPath(), $"coloring-not-a-folder-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(file, [1]);
        return new BrokenStore(new FileSystemBlobStore(file), () =>
        {
            File.Delete(file);
            return ValueTask.CompletedTask;
        });
    }

    private sealed record BrokenStore(IBlobStore Store, Func<ValueTask> Cleanup) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Cleanup();
    }

    private async Task RenameAssetsTableAsync(string from, string to)
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
#pragma warning disable EF1002 // Two fixed table names from this test, not input.
        await db.Database.ExecuteSqlRawAsync($"ALTER TABLE {from} RENAME TO {to}");
#pragma warning restore EF1002
    }

    private async Task<int> CountAssetsAsync()
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await db.Assets.CountAsync();
    }

    private static bool ContainsExif(byte[] jpeg) =>
        jpeg.AsSpan().IndexOf("Exif\0\0"u8) >= 0;
}
