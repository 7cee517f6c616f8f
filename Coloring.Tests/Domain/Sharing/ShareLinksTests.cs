using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Sharing;
using Coloring.Domain.Storage;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Tests.Domain.Sharing;

public sealed class ShareLinksOnSqliteTests() : ShareLinksTests(DatabaseProvider.Sqlite);

public sealed class ShareLinksOnPostgresTests() : ShareLinksTests(DatabaseProvider.Postgres);

/// <summary>Share links: made by the owner only, unguessable, stored hashed, revocable, expiring, and free to open.</summary>
public abstract class ShareLinksTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private ShareLinks Links => Get<ShareLinks>();

    [Fact]
    public async Task A_new_link_opens_the_page_and_only_its_hash_is_stored()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);

        var made = await Links.CreateAsync(user.Id, job.Id);

        Assert.Equal(ShareOutcome.Created, made.Outcome);
        Assert.Matches("^[A-Za-z0-9_-]{22}$", made.Secret!);
        Assert.Equal(job.Id, (await Links.OpenAsync(made.Secret))!.Job.Id);
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        var stored = await db.ShareLinks.SingleAsync();
        Assert.NotEqual(made.Secret, stored.TokenHash);
        Assert.DoesNotContain(made.Secret!, stored.TokenHash);
        Assert.Equal(64, stored.TokenHash.Length);
    }

    [Fact]
    public async Task Every_link_is_different_and_carries_128_random_bits()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);

        var secrets = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            secrets.Add((await Links.CreateAsync(user.Id, job.Id)).Secret!);
        }

        Assert.Equal(20, secrets.Distinct().Count());
        Assert.All(secrets, s => Assert.Equal(16, Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/') + "==").Length));
    }

    [Fact]
    public async Task Someone_elses_page_cannot_be_shared_looked_at_or_revoked()
    {
        var owner = await Services.AddUserAsync();
        var stranger = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(owner.Id);
        var made = await Links.CreateAsync(owner.Id, job.Id);

        Assert.Equal(ShareOutcome.NotFound, (await Links.CreateAsync(stranger.Id, job.Id)).Outcome);
        Assert.Null(await Links.FindActiveAsync(stranger.Id, job.Id));
        Assert.False(await Links.RevokeAsync(stranger.Id, job.Id));
        Assert.NotNull(await Links.OpenAsync(made.Secret));
    }

    [Fact]
    public async Task A_revoked_link_opens_nothing_and_a_new_link_stops_the_old_one()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);
        var first = await Links.CreateAsync(user.Id, job.Id);
        var second = await Links.CreateAsync(user.Id, job.Id);

        Assert.Null(await Links.OpenAsync(first.Secret));
        Assert.NotNull(await Links.OpenAsync(second.Secret));
        Assert.Equal(second.Link!.Id, (await Links.FindActiveAsync(user.Id, job.Id))!.Id);

        Assert.True(await Links.RevokeAsync(user.Id, job.Id));

        Assert.Null(await Links.OpenAsync(second.Secret));
        Assert.Null(await Links.FindActiveAsync(user.Id, job.Id));
        Assert.False(await Links.RevokeAsync(user.Id, job.Id));
    }

    [Fact]
    public async Task Links_made_at_once_leave_the_page_with_one_working_link()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);

        var made = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Links.CreateAsync(user.Id, job.Id))));

        Assert.All(made, m => Assert.Equal(ShareOutcome.Created, m.Outcome));
        var working = new List<string>();
        foreach (var m in made)
        {
            if (await Links.OpenAsync(m.Secret) is not null)
            {
                working.Add(m.Secret!);
            }
        }

        Assert.Single(working);
    }

    [Fact]
    public async Task A_link_with_an_expiry_stops_working_when_it_expires()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);
        var made = await Links.CreateAsync(user.Id, job.Id, TimeSpan.FromDays(7));

        Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await Links.OpenAsync(made.Secret));

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await Links.OpenAsync(made.Secret));
        Assert.Null(await Links.FindActiveAsync(user.Id, job.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(366 * 24)]
    public async Task An_expiry_outside_an_hour_to_a_year_is_refused(int hours)
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);

        Assert.Equal(ShareOutcome.Invalid, (await Links.CreateAsync(user.Id, job.Id, TimeSpan.FromHours(hours))).Outcome);
        Assert.Null(await Links.FindActiveAsync(user.Id, job.Id));
    }

    [Fact]
    public async Task A_page_that_is_not_finished_or_whose_files_expired_cannot_be_shared_or_opened()
    {
        var user = await Services.AddUserAsync();
        var failed = await Services.AddFinishedPageAsync(user.Id, status: JobStatus.Failed);
        var job = await Services.AddFinishedPageAsync(user.Id);
        var made = await Links.CreateAsync(user.Id, job.Id);

        Assert.Equal(ShareOutcome.NothingToShow, (await Links.CreateAsync(user.Id, failed.Id)).Outcome);

        Clock.Advance(Asset.LifetimeOf(Bucket.Previews) + TimeSpan.FromSeconds(1));
        Assert.Null(await Links.OpenAsync(made.Secret));
        Assert.Equal(ShareOutcome.NothingToShow, (await Links.CreateAsync(user.Id, job.Id)).Outcome);
    }

    [Fact]
    public async Task Deleting_the_page_deletes_its_links()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);
        var made = await Links.CreateAsync(user.Id, job.Id);

        Assert.Equal(JobService.DeleteOutcome.Deleted, await Get<JobService>().DeleteAsync(job.Id, user.Id));

        Assert.Null(await Links.OpenAsync(made.Secret));
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.ShareLinks.CountAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("../../../../etc/passwd00")]
    [InlineData("AAAAAAAAAAAAAAAAAAAA\u0000A")]
    [InlineData("ＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡ")]
    public async Task Unknown_or_malformed_links_open_nothing(string? secret)
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);
        await Links.CreateAsync(user.Id, job.Id);

        Assert.Null(await Links.OpenAsync(secret));
    }

    [Fact]
    public async Task Opening_a_link_costs_the_owner_nothing_and_writes_nothing()
    {
        var user = await Services.AddUserAsync();
        await Get<CreditLedger>().OpenAccountAsync(user.Id);
        var job = await Services.AddFinishedPageAsync(user.Id);
        var made = await Links.CreateAsync(user.Id, job.Id);
        var balance = await Get<CreditLedger>().GetBalanceAsync(user.Id);
        var expiries = await Services.FileExpiriesAsync(job);

        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(await Links.OpenAsync(made.Secret));
        }

        Assert.Equal(balance, await Get<CreditLedger>().GetBalanceAsync(user.Id));
        Assert.Equal(expiries, await Services.FileExpiriesAsync(job));
    }
}
