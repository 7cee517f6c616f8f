using Coloring.Domain.Data;
using Coloring.Engine;
using Coloring.Domain.Storage;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Coloring.Web.RateLimits;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Domain.Storage;

public sealed class PhotoIntakeOnSqliteTests() : PhotoIntakeTests(DatabaseProvider.Sqlite);

public sealed class PhotoIntakeOnPostgresTests() : PhotoIntakeTests(DatabaseProvider.Postgres);

/// <summary>Taking in a photo: each refusal, and that only a photo of a sensible size is counted or read.</summary>
public abstract class PhotoIntakeTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private PhotoUploads Uploads => Get<PhotoUploads>();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<RateLimitOptions>(o => o.Uploads.PermitLimit = 1);

    [Theory]
    [InlineData(0, PhotoRefusal.Empty)]
    [InlineData(-1, PhotoRefusal.Empty)]
    [InlineData(PhotoReader.MaxBytes + 1, PhotoRefusal.TooLarge)]
    [InlineData(long.MaxValue, PhotoRefusal.TooLarge)]
    public async Task AnEmptyOrHugeFileIsRefusedUnreadAndUncounted(long size, PhotoRefusal refusal)
    {
        var read = false;

        var intake = await Uploads.TakeInAsync(Guid.NewGuid(), size, _ =>
        {
            read = true;
            return Task.FromResult(Array.Empty<byte>());
        });

        Assert.Equal(refusal, intake.Refusal);
        Assert.False(read);
        Assert.NotEmpty(intake.Message!);
    }

    [Fact]
    public async Task OverTheLimitThePhotoIsNotReadAndTheWaitIsSaid()
    {
        var userId = (await Services.AddUserAsync()).Id;
        var photo = TestImages.Photo("sweets.png");
        Assert.NotNull((await Uploads.TakeInAsync(userId, photo.Length, _ => Task.FromResult(photo))).Photo);
        var read = false;

        var second = await Uploads.TakeInAsync(userId, photo.Length, _ =>
        {
            read = true;
            return Task.FromResult(photo);
        });

        Assert.Equal(PhotoRefusal.TooMany, second.Refusal);
        Assert.False(read);
        Assert.InRange(second.RetryAfterSeconds, 1, 3600);
        Assert.StartsWith("You have uploaded many photos in a short time.", second.Message);
    }

    [Fact]
    public async Task AFileThatBreaksOffIsIncompleteAndNothingIsStored()
    {
        var intake = await Uploads.TakeInAsync(Guid.NewGuid(), 1000, _ => throw new IOException("connection reset"));

        Assert.Equal((PhotoRefusal.Incomplete, "The photo did not arrive completely. Please try again."), (intake.Refusal, intake.Message));
        Assert.Null(intake.Photo);
    }

    [Fact]
    public async Task BytesThatAreNotAPhotoAreRejectedWithTheEnginesReason()
    {
        var garbage = "<?php system($_GET['c']); ?>"u8.ToArray();

        var intake = await Uploads.TakeInAsync(Guid.NewGuid(), garbage.Length, _ => Task.FromResult(garbage));

        Assert.Equal(PhotoRefusal.Rejected, intake.Refusal);
        Assert.Null(intake.Photo);
        Assert.NotEmpty(intake.Message!);
    }

    [Fact]
    public async Task APhotoIsStoredForItsOwnerInTheOriginals()
    {
        var userId = (await Services.AddUserAsync()).Id;
        var photo = TestImages.Photo("sweets.png");

        var intake = await Uploads.TakeInAsync(userId, photo.Length, _ => Task.FromResult(photo));

        Assert.Null(intake.Refusal);
        Assert.Equal((userId, Bucket.Originals), (intake.Photo!.OwnerId, intake.Photo.Bucket));
    }
}
