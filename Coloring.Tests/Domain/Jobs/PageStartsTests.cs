using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Flags;
using Coloring.Engine;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Coloring.Web.RateLimits;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Domain.Jobs;

public sealed class PageStartsOnSqliteTests() : PageStartsTests(DatabaseProvider.Sqlite);

public sealed class PageStartsOnPostgresTests() : PageStartsTests(DatabaseProvider.Postgres);

/// <summary>Starting a page: each refusal, and the order of the checks, with one start allowed an hour.</summary>
public abstract class PageStartsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private PageStarts Starts => Get<PageStarts>();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<RateLimitOptions>(o => o.Generations.PermitLimit = 1);

    [Theory]
    [InlineData(0.49)]
    [InlineData(12.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task ALineWeightOutOfRangeIsRefusedBeforeThePhotoIsLookedUpAndDoesNotCount(double linePt)
    {
        var user = await Services.AddUserWithCreditsAsync(3);

        var result = await Starts.StartAsync(user.Id, Guid.NewGuid(), new PageOptions(LinePt: linePt));

        Assert.Equal(CreateJobOutcome.InvalidLineWeight, result.Outcome);
        await AssertOneStartIsStillAllowedAsync(user.Id);
    }

    [Fact]
    public async Task AnUnknownPresetIsRefused()
    {
        var user = await Services.AddUserWithCreditsAsync(3);

        var result = await Starts.StartAsync(user.Id, Guid.NewGuid(), new PageOptions((AgePreset)42));

        Assert.Equal(CreateJobOutcome.InvalidOptions, result.Outcome);
    }

    [Fact]
    public async Task SomeoneElsesPhotoIsNotFoundEvenWithoutCreditsAndDoesNotCount()
    {
        var owner = await Services.AddUserWithCreditsAsync(3);
        var photo = await Get<PhotoUploads>().StoreAsync(owner.Id, TestImages.Photo("sweets.png"));
        var stranger = await Services.AddUserWithCreditsAsync(0);

        var result = await Starts.StartAsync(stranger.Id, photo.Id, new PageOptions());

        Assert.Equal(CreateJobOutcome.PhotoNotFound, result.Outcome);
        await AssertOneStartIsStillAllowedAsync(owner.Id, photo.Id);
    }

    [Fact]
    public async Task WithoutCreditsItSaysSoEvenWhileGenerationIsPaused()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(0);
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        await Get<FeatureFlags>().SetAsync(admin.Id, FeatureFlags.GenerationEnabled, false, "Paused for a moment.");

        var paused = await Starts.StartAsync(user.Id, photo.Id, new PageOptions());

        Assert.Equal(CreateJobOutcome.InsufficientCredits, paused.Outcome);
        Assert.Equal(0, await Get<CreditLedger>().GetBalanceAsync(user.Id));
    }

    [Fact]
    public async Task APauseIsSaidBeforeTheLimitAndDoesNotUseItUp()
    {
        var admin = await Services.AddAdminAsync();
        var user = await Services.AddUserWithCreditsAsync(3);
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        await Get<FeatureFlags>().SetAsync(admin.Id, FeatureFlags.GenerationEnabled, false, "Paused for a moment.");

        var paused = await Starts.StartAsync(user.Id, photo.Id, new PageOptions());
        await Get<FeatureFlags>().SetAsync(admin.Id, FeatureFlags.GenerationEnabled, true, null);

        Assert.Equal((CreateJobOutcome.GenerationPaused, "Paused for a moment."), (paused.Outcome, paused.Message));
        await AssertOneStartIsStillAllowedAsync(user.Id, photo.Id);
    }

    [Fact]
    public async Task OverTheLimitNothingIsChargedOrWrittenAndTheWaitIsSaid()
    {
        var user = await Services.AddUserWithCreditsAsync(3);
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        Assert.Equal(CreateJobOutcome.Created, (await Starts.StartAsync(user.Id, photo.Id, new PageOptions())).Outcome);

        var second = await Starts.StartAsync(user.Id, photo.Id, new PageOptions(Detail: 1));

        Assert.Equal(CreateJobOutcome.TooManyStarts, second.Outcome);
        Assert.InRange(second.RetryAfterSeconds, 1, 3600);
        Assert.StartsWith("You have started many pages in a short time. You can start another page in ", second.Message);
        Assert.Equal(2, await Get<CreditLedger>().GetBalanceAsync(user.Id));
        Assert.Equal(1, (await Get<JobService>().ListAsync(user.Id, 0, 10)).Total);
        Assert.Single(Get<RecordingScheduler>().Scheduled);
    }

    [Fact]
    public async Task EveryOptionIsStoredOnTheJobAndGivenBackInFull()
    {
        var user = await Services.AddUserWithCreditsAsync(3);
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        var options = new PageOptions(AgePreset.Detailed, Paper.Letter, 2.5, new SubjectBox(0.1, 0.2, 0.6, 0.9), BackgroundMode.LeaveOut, -1.5, 3,
            new CropBox(0.05, 0.1, 0.95, 0.7));

        var started = await Starts.StartAsync(user.Id, photo.Id, options);

        Assert.Equal(CreateJobOutcome.Created, started.Outcome);
        var stored = await Get<JobService>().FindAsync(started.Job!.Id, user.Id);
        Assert.Equal(options, stored!.Options);
    }

    [Fact]
    public async Task TheSamePageAgainIsRefusedWithNoCreditSpentAndNothingWritten()
    {
        var user = await Services.AddUserWithCreditsAsync(3);
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        var options = new PageOptions(AgePreset.Kids, LinePt: 4, Subject: new SubjectBox(0.2, 0.2, 0.8, 0.8), Detail: 1, Turns: 1, Crop: new CropBox(0, 0, 0.5, 1));
        Assert.Equal(CreateJobOutcome.Created, (await Starts.StartAsync(user.Id, photo.Id, options)).Outcome);

        var again = await Starts.StartAsync(user.Id, photo.Id, options with { });

        Assert.Equal((CreateJobOutcome.AlreadyMade, PageStarts.AlreadyMadeMessage), (again.Outcome, again.Message));
        Assert.True(await Starts.IsAlreadyMadeAsync(user.Id, photo.Id, options));
        Assert.Equal(2, await Get<CreditLedger>().GetBalanceAsync(user.Id));
        Assert.Equal(1, (await Get<JobService>().ListAsync(user.Id, 0, 10)).Total);
        Assert.Single(Get<RecordingScheduler>().Scheduled);
    }

    [Fact]
    public async Task TheSameLineWeightAsThePresetsOwnIsTheSamePage()
    {
        var user = await Services.AddUserWithCreditsAsync(3);
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        Assert.Equal(CreateJobOutcome.Created, (await Starts.StartAsync(user.Id, photo.Id, new PageOptions(AgePreset.Kids))).Outcome);

        Assert.True(await Starts.IsAlreadyMadeAsync(user.Id, photo.Id, new PageOptions(AgePreset.Kids, LinePt: PageOptionNames.DefaultLinePt(AgePreset.Kids))));
        Assert.True(await Starts.IsAlreadyMadeAsync(user.Id, photo.Id, new PageOptions(AgePreset.Kids, Crop: new CropBox(0, 0, 1, 1))));
    }

    public static TheoryData<PageOptions> EachOptionChanged() => new()
    {
        new PageOptions(AgePreset.Toddler),
        new PageOptions(Paper: Paper.Letter),
        new PageOptions(LinePt: 5),
        new PageOptions(Subject: new SubjectBox(0.1, 0.1, 0.9, 0.9)),
        new PageOptions(Subject: SubjectBox.Whole),
        new PageOptions(Background: BackgroundMode.Keep),
        new PageOptions(Detail: 0.5),
        new PageOptions(Turns: 2),
        new PageOptions(Crop: new CropBox(0, 0, 1, 0.9)),
    };

    [Theory]
    [MemberData(nameof(EachOptionChanged))]
    public async Task AnyChangedOptionIsANewPage(PageOptions changed)
    {
        var user = await Services.AddUserWithCreditsAsync(3);
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        Assert.Equal(CreateJobOutcome.Created, (await Starts.StartAsync(user.Id, photo.Id, new PageOptions())).Outcome);

        Assert.False(await Starts.IsAlreadyMadeAsync(user.Id, photo.Id, changed));
        Assert.Equal(CreateJobOutcome.TooManyStarts, (await Starts.StartAsync(user.Id, photo.Id, changed)).Outcome); // past AlreadyMade, to the limit of 1
    }

    [Theory]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Canceled)]
    public async Task AFailedOrCanceledEarlierPageDoesNotCount(JobStatus status)
    {
        var user = await Services.AddUserWithCreditsAsync(3);
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        var first = await Starts.StartAsync(user.Id, photo.Id, new PageOptions());
        await using (var db = await Get<Microsoft.EntityFrameworkCore.IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            var job = await db.Jobs.FindAsync(first.Job!.Id);
            job!.Status = status;
            await db.SaveChangesAsync();
        }

        Assert.False(await Starts.IsAlreadyMadeAsync(user.Id, photo.Id, new PageOptions()));
    }

    [Fact]
    public async Task AnotherPersonsIdenticalPageDoesNotCount()
    {
        var owner = await Services.AddUserWithCreditsAsync(3);
        var photo = await Get<PhotoUploads>().StoreAsync(owner.Id, TestImages.Photo("sweets.png"));
        Assert.Equal(CreateJobOutcome.Created, (await Starts.StartAsync(owner.Id, photo.Id, new PageOptions())).Outcome);
        var stranger = await Services.AddUserWithCreditsAsync(3);

        Assert.False(await Starts.IsAlreadyMadeAsync(stranger.Id, photo.Id, new PageOptions()));
        Assert.True(await Starts.IsAlreadyMadeAsync(owner.Id, photo.Id, new PageOptions()));
    }

    private async Task AssertOneStartIsStillAllowedAsync(Guid userId, Guid? photoId = null)
    {
        photoId ??= (await Get<PhotoUploads>().StoreAsync(userId, TestImages.Photo("sweets.png"))).Id;
        Assert.Equal(CreateJobOutcome.Created, (await Starts.StartAsync(userId, photoId.Value, new PageOptions())).Outcome);
    }
}
