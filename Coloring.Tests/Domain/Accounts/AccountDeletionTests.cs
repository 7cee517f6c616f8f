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

public sealed class AccountDeletionOnSqliteTests() : AccountDeletionTests(DatabaseProvider.Sqlite);

public sealed class AccountDeletionOnPostgresTests() : AccountDeletionTests(DatabaseProvider.Postgres);

/// <summary>"Delete my account" removes every photo, page, job and token; the ledger keeps its lines, detached.</summary>
public abstract class AccountDeletionTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    [Fact]
    public async Task EverythingOfThePersonIsGoneAndTheLedgerLinesStayWithoutThem()
    {
        var (user, assets) = await PersonWithEverythingAsync("ann@example.com");
        var eventsBefore = await CountAsync(db => db.CreditEvents);

        var report = await Get<AccountDeletion>().DeleteAsync(user.Id);

        Assert.Equal(new AccountDeletionReport(2, assets.Count, 1), report);
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync(u => u.Id == user.Id));
        Assert.False(await db.Jobs.AnyAsync(j => j.UserId == user.Id));
        Assert.False(await db.Assets.AnyAsync(a => a.OwnerId == user.Id));
        Assert.False(await db.ApiTokens.AnyAsync(t => t.UserId == user.Id));
        Assert.False(await db.CreditAccounts.AnyAsync(a => a.UserId == user.Id));
        Assert.False(await db.UserRoles.AnyAsync(r => r.UserId == user.Id));
        Assert.False(await db.MagicLinkTokens.AnyAsync(t => t.NormalizedEmail == "ANN@EXAMPLE.COM"));
        Assert.Equal(eventsBefore, await db.CreditEvents.CountAsync());
        Assert.False(await db.CreditEvents.AnyAsync(e => e.UserId == user.Id));
        foreach (var asset in assets)
        {
            Assert.Null(await Get<IBlobStore>().OpenReadAsync(asset.Bucket, asset.Key, CancellationToken.None));
        }
    }

    [Fact]
    public async Task AnotherPersonKeepsEverything()
    {
        var (user, _) = await PersonWithEverythingAsync("ann@example.com");
        var (other, otherAssets) = await PersonWithEverythingAsync("bob@example.com");

        await Get<AccountDeletion>().DeleteAsync(user.Id);

        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        Assert.True(await db.Users.AnyAsync(u => u.Id == other.Id));
        Assert.Equal(2, await db.Jobs.CountAsync(j => j.UserId == other.Id));
        Assert.Single(await Get<ApiTokens>().ListAsync(other.Id));
        Assert.True(await db.MagicLinkTokens.AnyAsync(t => t.NormalizedEmail == "BOB@EXAMPLE.COM"));
        Assert.Equal(1, await Get<CreditLedger>().GetBalanceAsync(other.Id));
        Assert.Empty(await Get<CreditLedger>().FindUnbalancedAccountsAsync());
        foreach (var asset in otherAssets)
        {
            await using var file = await Get<IBlobStore>().OpenReadAsync(asset.Bucket, asset.Key, CancellationToken.None);
            Assert.NotNull(file);
        }
    }

    [Fact]
    public async Task DeletingTwiceOrAnUnknownAccountFindsNothing()
    {
        var (user, _) = await PersonWithEverythingAsync("ann@example.com");

        Assert.NotNull(await Get<AccountDeletion>().DeleteAsync(user.Id));
        Assert.Null(await Get<AccountDeletion>().DeleteAsync(user.Id));
        Assert.Null(await Get<AccountDeletion>().DeleteAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task TheSameAddressCanSignUpAgainAsANewAccount()
    {
        var (user, _) = await PersonWithEverythingAsync("ann@example.com");
        await Get<AccountDeletion>().DeleteAsync(user.Id);

        var again = await Services.AddUserAsync("ann@example.com");
        await Get<CreditLedger>().OpenAccountAsync(again.Id);

        Assert.NotEqual(user.Id, again.Id);
        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(again.Id));
    }

    private async Task<(ColoringUser User, List<Asset> Assets)> PersonWithEverythingAsync(string email)
    {
        var user = await Services.AddUserAsync(email);
        await Get<CreditLedger>().OpenAccountAsync(user.Id);
        await Get<SignInLinks>().IssueAsync(email, null);
        await Get<ApiTokens>().CreateAsync(user.Id, "script");
        var photo = await Get<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        var made = (await Get<PageStarts>().StartAsync(user.Id, photo.Id, new PageOptions())).Job!;
        await Get<PageStarts>().StartAsync(user.Id, photo.Id, new PageOptions(AgePreset.Toddler));
        var png = await Get<AssetStore>().SaveAsync(user.Id, Bucket.Artifacts, new byte[] { 1, 2, 3 }, "image/png", "png");
        var preview = await Get<AssetStore>().SaveAsync(user.Id, Bucket.Previews, new byte[] { 4, 5 }, "image/png", "png");
        await using (var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            await db.Jobs.Where(j => j.Id == made.Id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Succeeded).SetProperty(j => j.PageAssetId, png.Id).SetProperty(j => j.PreviewAssetId, preview.Id));
            await db.UserRoles.AddAsync(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = user.Id, RoleId = new Guid("6f1b3c2e-0d4a-4b8e-9a51-3c7e2f0a9d11") });
            await db.SaveChangesAsync();
        }

        return (user, [photo, png, preview]);
    }

    private async Task<int> CountAsync<T>(Func<ColoringDbContext, IQueryable<T>> set)
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await set(db).CountAsync();
    }
}
