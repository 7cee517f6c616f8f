using Coloring.Domain.Accounts;
using Coloring.Domain.Data;
using Coloring.Domain.Imaging;
using Coloring.Domain.Storage;
using Coloring.Tests.Domain.Imaging;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Tests.Domain.Storage;

public sealed class StorageOnSqliteTests() : StorageTests(DatabaseProvider.Sqlite);

public sealed class StorageOnPostgresTests() : StorageTests(DatabaseProvider.Postgres);

/// <summary>The file store with its rows: lifetimes, isolation, photo intake and cleanup.</summary>
public abstract class StorageTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private AssetStore Store => Get<AssetStore>();

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
        Assert.False(Directory.Exists(Database.StorageRoot) && Directory.EnumerateFiles(Database.StorageRoot, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task CleanupDeletesExpiredFilesOldOrphansAndUsedLinksButKeepsTheRest()
    {
        var user = await Services.AddUserAsync();
        var expiring = await Store.SaveAsync(user.Id, Bucket.Intermediates, new byte[] { 1 }, "image/png", "png");
        var keeper = await Store.SaveAsync(user.Id, Bucket.Artifacts, new byte[] { 2 }, "image/png", "png");
        var orphan = WriteOrphan(user.Id, ageHours: 2);
        var youngOrphan = WriteOrphan(user.Id, ageHours: 0);
        var link = await Get<SignInLinks>().IssueAsync("ann@example.com", null);
        await Get<SignInLinks>().ConsumeAsync(link.Token);
        Clock.Advance(TimeSpan.FromHours(49));

        var (run, alreadyRunning) = await Get<Cleanup>().RunAsync();

        Assert.False(alreadyRunning);
        Assert.Equal(CleanupStatus.Succeeded, run.Status);
        Assert.Equal((1, 1, 1), (run.ExpiredAssets, run.OrphanFiles, run.ExpiredSignInLinks));
        Assert.Null(await Store.FindAsync(expiring.Id, user.Id));
        Assert.False(File.Exists(Path.Combine(Database.StorageRoot, "intermediates", expiring.Key)));
        Assert.NotNull(await Store.FindAsync(keeper.Id, user.Id));
        Assert.True(File.Exists(Path.Combine(Database.StorageRoot, "artifacts", keeper.Key)));
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(youngOrphan));
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
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Database.StorageRoot, "intermediates"), "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("00000000000000000000000000000000/..%2f..%2fx.png")]
    [InlineData("")]
    public async Task AKeyOfAnyOtherShapeNeverBecomesAPath(string key)
    {
        var blobs = new FileSystemBlobStore(Database.StorageRoot);

        await Assert.ThrowsAsync<ArgumentException>(() => blobs.WriteAsync(Bucket.Originals, key, new byte[] { 1 }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => blobs.OpenReadAsync(Bucket.Originals, key, CancellationToken.None));
    }

    private string WriteOrphan(Guid owner, int ageHours)
    {
        var folder = Path.Combine(Database.StorageRoot, "artifacts", owner.ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, [9]);
        File.SetLastWriteTimeUtc(path, (Clock.GetUtcNow() + TimeSpan.FromHours(49) - TimeSpan.FromHours(ageHours) - TimeSpan.FromMinutes(1)).UtcDateTime);
        return path;
    }

    private async Task<int> CountAssetsAsync()
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await db.Assets.CountAsync();
    }

    private static bool ContainsExif(byte[] jpeg) =>
        jpeg.AsSpan().IndexOf("Exif\0\0"u8) >= 0;
}
