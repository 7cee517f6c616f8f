using Coloring.Domain.Accounts;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Tests.Domain.Accounts;

public sealed class AccountProfileOnSqliteTests() : AccountProfileTests(DatabaseProvider.Sqlite);

public sealed class AccountProfileOnPostgresTests() : AccountProfileTests(DatabaseProvider.Postgres);

/// <summary>The profile's facts and statistics, and the display name.</summary>
public abstract class AccountProfileTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private AccountProfile Profiles => Get<AccountProfile>();

    [Fact]
    public async Task ANewAccountHasItsFactsAndEmptyStatistics()
    {
        var user = await Services.AddUserAsync("ann@example.com");
        await Get<CreditLedger>().OpenAccountAsync(user.Id);

        var profile = await Profiles.GetAsync(user.Id);

        Assert.Equal("ann@example.com", profile!.Email);
        Assert.Equal("ann", profile.DisplayName);
        Assert.Equal(3, profile.Balance);
        Assert.Equal(new AccountStatistics(0, 0, 0, null, 0), profile.Statistics);
    }

    [Fact]
    public async Task StatisticsCountMadeAndFailedPagesAndCreditsSpentLessRefunds()
    {
        var user = await Services.AddUserAsync();
        await Get<CreditLedger>().OpenAccountAsync(user.Id);
        await Get<CreditLedger>().GrantAsync(user.Id, 10, CreditReason.Purchase, $"buy-{user.Id:N}", "test");
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        var jobs = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            // Four different versions: the same options twice would be refused as a page already made.
            jobs.Add((await Get<PageStarts>().StartAsync(user.Id, photo.Id, new PageOptions(Detail: i - 2))).Job!.Id);
        }

        await SetStatusAsync(jobs[0], JobStatus.Succeeded);
        await SetStatusAsync(jobs[1], JobStatus.Succeeded);
        await SetStatusAsync(jobs[2], JobStatus.Running);
        await Get<JobRunner>().FailAsync(jobs[2], user.Id, "broken", CancellationToken.None);
        await Get<JobService>().CancelAsync(jobs[3], user.Id);

        var stats = (await Profiles.GetAsync(user.Id))!.Statistics;

        Assert.Equal(4, stats.Jobs);
        Assert.Equal(2, stats.Succeeded);
        Assert.Equal(1, stats.Failed);
        Assert.Equal(2.0 / 3, stats.SuccessRate!.Value, 6);
        Assert.Equal(2, stats.CreditsSpent);
    }

    [Fact]
    public async Task AnotherPersonsPagesDoNotCount()
    {
        var user = await Services.AddUserAsync();
        var other = await Services.AddUserAsync();
        await Get<CreditLedger>().OpenAccountAsync(other.Id);
        var photo = await Get<PhotoUploads>().StoreAsync(other.Id, TestImages.Photo("sweets.png"));
        await Get<PageStarts>().StartAsync(other.Id, photo.Id, new PageOptions());

        Assert.Equal(new AccountStatistics(0, 0, 0, null, 0), (await Profiles.GetAsync(user.Id))!.Statistics);
    }

    [Fact]
    public async Task ThereIsNoProfileForAnUnknownAccount() =>
        Assert.Null(await Profiles.GetAsync(Guid.NewGuid()));

    [Fact]
    public async Task RenamingTrimsAndSaves()
    {
        var user = await Services.AddUserAsync();

        Assert.Null(await Profiles.RenameAsync(user.Id, "  Ann Lee  "));

        Assert.Equal("Ann Lee", (await Profiles.GetAsync(user.Id))!.DisplayName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("    ")]
    [InlineData("bell\u0007")]
    [InlineData("right-to-left \u202E override")]
    public async Task AnEmptyOrHostileNameIsRefusedAndTheOldOneStays(string? name)
    {
        var user = await Services.AddUserAsync("bob@example.com");

        Assert.NotNull(await Profiles.RenameAsync(user.Id, name));

        Assert.Equal("bob", (await Profiles.GetAsync(user.Id))!.DisplayName);
    }

    [Fact]
    public async Task NamesUpToEightyCharactersAreTakenAndLongerOnesAreNot()
    {
        var user = await Services.AddUserAsync();

        Assert.Null(await Profiles.RenameAsync(user.Id, new string('é', 80)));
        Assert.NotNull(await Profiles.RenameAsync(user.Id, new string('é', 81)));
        Assert.NotNull(await Profiles.RenameAsync(user.Id, new string('x', 1_000_000)));

        Assert.Equal(new string('é', 80), (await Profiles.GetAsync(user.Id))!.DisplayName);
    }

    [Fact]
    public async Task EmojiAndOtherScriptsAreFineInAName()
    {
        var user = await Services.AddUserAsync();

        Assert.Null(await Profiles.RenameAsync(user.Id, "Zoë 👨‍👩‍👧 山田"));

        Assert.Equal("Zoë 👨‍👩‍👧 山田", (await Profiles.GetAsync(user.Id))!.DisplayName);
    }

    private async Task SetStatusAsync(Guid jobId, JobStatus status)
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status));
    }
}
