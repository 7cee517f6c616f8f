using Coloring.Domain.Accounts;
using Coloring.Domain.Data;
using Coloring.Domain.Data.Configurations;
using Coloring.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Coloring.Tests.Domain.Accounts;

public sealed class LookAlikeAddressOnSqliteTests() : LookAlikeAddressTests(DatabaseProvider.Sqlite);

public sealed class LookAlikeAddressOnPostgresTests() : LookAlikeAddressTests(DatabaseProvider.Postgres);

/// <summary>Addresses whose Unicode case mappings collide with a real address never reach its account (ADR 0007).</summary>
public abstract class LookAlikeAddressTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    [Theory]
    [MemberData(nameof(EmailAddressTests.LookAlikes), MemberType = typeof(EmailAddressTests))]
    public async Task IdentityNeverFindsTheRealAccountByALookAlike(string lookAlike, string real)
    {
        var account = await Provision(real);
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>();

        Assert.NotNull(await users.FindByEmailAsync(real));
        Assert.Null(await users.FindByEmailAsync(lookAlike));
        Assert.Null(await users.FindByNameAsync(lookAlike));
        Assert.Equal(EmailAddress.Normalize(real), (await users.FindByIdAsync(account.Id.ToString()))!.NormalizedEmail);
    }

    [Theory]
    [MemberData(nameof(EmailAddressTests.LookAlikes), MemberType = typeof(EmailAddressTests))]
    public async Task ALookAlikeCannotBeSignedInAndMakesNoAccount(string lookAlike, string real)
    {
        await Provision(real);

        await Assert.ThrowsAsync<ArgumentException>(() => Provision(lookAlike));

        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        Assert.Equal([real], await db.Users.Select(u => u.Email!).ToListAsync());
    }

    [Theory]
    [InlineData("\u017Fis@example.com", "sis@example.com")]
    [InlineData("\u212Aate@example.com", "kate@example.com")]
    [InlineData("\uFF53\uFF49\uFF53@Example.COM", "sis@example.com")]
    public async Task ALinkIsBoundToTheCanonicalAddressItIsSentToAndSignsInOnlyThere(string typed, string canonical)
    {
        var links = Get<SignInLinks>();

        var issued = await links.IssueAsync(typed, null);
        var consumed = await links.ConsumeAsync(issued.Token);

        Assert.Equal(canonical, issued.Email);
        Assert.Equal(canonical, consumed.Email);
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        var row = await db.MagicLinkTokens.SingleAsync();
        Assert.Equal((canonical, EmailAddress.Normalize(canonical)), (row.Email, row.NormalizedEmail));
        Assert.Equal(canonical, (await Provision(consumed.Email!)).Email);
    }

    [Theory]
    [InlineData("s\u0131s@example.com")]
    [InlineData("\u0130an@example.com")]
    [InlineData("\u212Bsa@example.com")]
    [InlineData("s\u0307is@example.com")]
    public async Task NoLinkIsMadeForAnAddressWhoseLocalPartIsNotAscii(string email)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Get<SignInLinks>().IssueAsync(email, null));

        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.MagicLinkTokens.CountAsync());
    }

    [Fact]
    public async Task ALookAlikeOfAnAdminAddressNeverGetsTheAdminRole()
    {
        Get<IOptions<AuthOptions>>().Value.AdminEmails.Add("boss@example.com");
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>();

        // An account made with a look-alike before the fix, and one made now with a look-alike domain.
        var legacy = new ColoringUser { Id = Guid.NewGuid(), UserName = "bo\u017Fs@example.com", Email = "bo\u017Fs@example.com", DisplayName = "x" };
        Assert.True((await users.CreateAsync(legacy)).Succeeded);
        var otherDomain = await Provision(EmailAddress.Canonicalize("boss@exampl\u0435.com")!);
        var boss = await Provision("boss@example.com");

        Assert.False(Get<IOptions<AuthOptions>>().Value.IsAdminEmail(legacy.Email));
        Assert.False(await users.IsInRoleAsync(otherDomain, AccountProvisioner.AdminRole));
        Assert.StartsWith("boss@xn--", otherDomain.Email, StringComparison.Ordinal);
        Assert.True(await users.IsInRoleAsync(boss, AccountProvisioner.AdminRole));
        Assert.NotEqual(legacy.Id, boss.Id);
    }

    [Fact]
    public async Task TheMigrationDetachesAnAccountMadeThroughALookAlikeAndLeavesAsciiAccountsAlone()
    {
        await using (var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            var migrator = db.GetService<IMigrator>();
            var all = db.Database.GetMigrations().ToList();
            var detach = all.FindIndex(m => m.EndsWith("_DetachLookAlikeAddresses", StringComparison.Ordinal));
            await migrator.MigrateAsync(all[detach - 1]);

            // The model names columns added to users after this migration; they stand in while the old rows go in.
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AspNetUsers\" ADD COLUMN \"PreferredPaper\" text NULL");

            // As the old UpperInvariant keys left them.
            db.Users.Add(Legacy("\u017Fis@example.com", "SIS@EXAMPLE.COM", "old-stamp"));
            db.Users.Add(Legacy("Ann@Example.com", "ANN@EXAMPLE.COM", "ann-stamp"));
            await db.SaveChangesAsync();
            var lookAlikeId = await db.Users.Where(u => u.NormalizedEmail == "SIS@EXAMPLE.COM").Select(u => u.Id).SingleAsync();
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = lookAlikeId, RoleId = RoleConfiguration.AdminRoleId });
            db.MagicLinkTokens.Add(new MagicLinkToken
            {
                Id = Guid.NewGuid(), Email = "\u017Fis@example.com", NormalizedEmail = "SIS@EXAMPLE.COM", TokenHash = new string('a', 64),
                CreatedAt = Clock.GetUtcNow(), ExpiresAt = Clock.GetUtcNow().AddMinutes(10),
            });
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AspNetUsers\" DROP COLUMN \"PreferredPaper\"");

            await migrator.MigrateAsync();
        }

        await using var after = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        var detached = await after.Users.AsNoTracking().SingleAsync(u => u.Email == "\u017Fis@example.com");
        Assert.Equal(("\u017FIS@EXAMPLE.COM", "\u017FIS@EXAMPLE.COM"), (detached.NormalizedEmail, detached.NormalizedUserName));
        Assert.NotEqual("old-stamp", detached.SecurityStamp);
        Assert.False(await after.UserRoles.AnyAsync(r => r.UserId == detached.Id));
        Assert.Equal(0, await after.MagicLinkTokens.CountAsync());
        var ann = await after.Users.AsNoTracking().SingleAsync(u => u.Email == "Ann@Example.com");
        Assert.Equal(("ANN@EXAMPLE.COM", "ann-stamp"), (ann.NormalizedEmail, ann.SecurityStamp));
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>();
        Assert.Null(await users.FindByEmailAsync("sis@example.com"));
        Assert.Equal(ann.Id, (await users.FindByEmailAsync("ann@example.com"))!.Id);
    }

    private ColoringUser Legacy(string email, string key, string stamp) => new()
    {
        Id = Guid.NewGuid(), UserName = email, NormalizedUserName = key, Email = email, NormalizedEmail = key,
        SecurityStamp = stamp, ConcurrencyStamp = Guid.NewGuid().ToString(), DisplayName = "x", CreatedAt = Clock.GetUtcNow(),
    };

    private async Task<ColoringUser> Provision(string email)
    {
        using var scope = Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountProvisioner>().FindOrCreateAsync(email);
        return result.User!;
    }
}
