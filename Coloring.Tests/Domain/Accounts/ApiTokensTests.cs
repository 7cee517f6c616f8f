using Coloring.Domain.Accounts;
using Coloring.Domain.Data;
using Coloring.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Domain.Accounts;

public sealed class ApiTokensOnSqliteTests() : ApiTokensTests(DatabaseProvider.Sqlite);

public sealed class ApiTokensOnPostgresTests() : ApiTokensTests(DatabaseProvider.Postgres);

/// <summary>Personal API tokens: shown once, stored hashed, capped, revocable, refused for locked owners.</summary>
public abstract class ApiTokensTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private ApiTokens Tokens => Get<ApiTokens>();

    [Fact]
    public async Task ANewTokenAuthenticatesItsOwnerAndOnlyItsHashIsStored()
    {
        var user = await Services.AddUserAsync();

        var created = await Tokens.CreateAsync(user.Id, "  laptop script  ");

        Assert.Equal(CreateApiTokenOutcome.Created, created.Outcome);
        Assert.StartsWith("col_", created.Secret);
        Assert.Equal(47, created.Secret!.Length);
        Assert.Equal("laptop script", created.Token!.Name);
        Assert.Equal(created.Secret[..12], created.Token.Prefix);
        Assert.Equal(user.Id, await Tokens.AuthenticateAsync(created.Secret));
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        var row = await db.ApiTokens.SingleAsync();
        Assert.NotEqual(created.Secret, row.TokenHash);
        Assert.DoesNotContain(created.Secret[12..], row.TokenHash + row.Prefix + row.Name);
        Assert.Equal(64, row.TokenHash.Length);
    }

    [Fact]
    public async Task TwoTokensNeverShareASecret()
    {
        var user = await Services.AddUserAsync();

        var first = await Tokens.CreateAsync(user.Id, "one");
        var second = await Tokens.CreateAsync(user.Id, "two");

        Assert.NotEqual(first.Secret, second.Secret);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\tinside")]
    [InlineData("new\nline")]
    [InlineData("\u0000")]
    public async Task ANameThatIsEmptyOrHasControlCharactersIsRefused(string? name)
    {
        var user = await Services.AddUserAsync();

        var result = await Tokens.CreateAsync(user.Id, name);

        Assert.Equal(CreateApiTokenOutcome.InvalidName, result.Outcome);
        Assert.Null(result.Secret);
        Assert.Empty(await Tokens.ListAsync(user.Id));
    }

    [Fact]
    public async Task ANameOfSixtyCharactersIsTakenAndSixtyOneIsNot()
    {
        var user = await Services.AddUserAsync();

        Assert.Equal(CreateApiTokenOutcome.Created, (await Tokens.CreateAsync(user.Id, new string('a', 60))).Outcome);
        Assert.Equal(CreateApiTokenOutcome.InvalidName, (await Tokens.CreateAsync(user.Id, new string('a', 61))).Outcome);
        Assert.Equal(CreateApiTokenOutcome.InvalidName, (await Tokens.CreateAsync(user.Id, new string('a', 100_000))).Outcome);
    }

    [Fact]
    public async Task TwentyFiveTokensAskedForAtOnceMakeExactlyTwenty()
    {
        var user = await Services.AddUserAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => Task.Run(() => Tokens.CreateAsync(user.Id, $"token {i}"))));

        Assert.Equal(ApiTokens.MaxPerUser, results.Count(r => r.Outcome == CreateApiTokenOutcome.Created));
        Assert.Equal(5, results.Count(r => r.Outcome == CreateApiTokenOutcome.TooMany));
        Assert.Equal(ApiTokens.MaxPerUser, (await Tokens.ListAsync(user.Id)).Count);
    }

    [Fact]
    public async Task TheCapIsPerPerson()
    {
        var full = await Services.AddUserAsync();
        for (var i = 0; i < ApiTokens.MaxPerUser; i++)
        {
            await Tokens.CreateAsync(full.Id, $"t{i}");
        }

        var other = await Services.AddUserAsync();

        Assert.Equal(CreateApiTokenOutcome.TooMany, (await Tokens.CreateAsync(full.Id, "one more")).Outcome);
        Assert.Equal(CreateApiTokenOutcome.Created, (await Tokens.CreateAsync(other.Id, "first")).Outcome);
    }

    [Fact]
    public async Task ARevokedTokenNoLongerAuthenticates()
    {
        var user = await Services.AddUserAsync();
        var created = await Tokens.CreateAsync(user.Id, "cron");

        Assert.True(await Tokens.RevokeAsync(user.Id, created.Token!.Id));

        Assert.Null(await Tokens.AuthenticateAsync(created.Secret));
        Assert.False(await Tokens.RevokeAsync(user.Id, created.Token.Id));
    }

    [Fact]
    public async Task SomeoneElsesTokenCannotBeRevokedOrSeen()
    {
        var owner = await Services.AddUserAsync();
        var stranger = await Services.AddUserAsync();
        var created = await Tokens.CreateAsync(owner.Id, "mine");

        Assert.False(await Tokens.RevokeAsync(stranger.Id, created.Token!.Id));

        Assert.Empty(await Tokens.ListAsync(stranger.Id));
        Assert.Equal(owner.Id, await Tokens.AuthenticateAsync(created.Secret));
    }

    [Fact]
    public async Task ATokenOfALockedAccountIsRefusedUntilTheLockEnds()
    {
        var user = await Services.AddUserAsync();
        var created = await Tokens.CreateAsync(user.Id, "script");
        await SetLockoutAsync(user.Id, Clock.GetUtcNow().AddHours(1));

        Assert.Null(await Tokens.AuthenticateAsync(created.Secret));

        Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(user.Id, await Tokens.AuthenticateAsync(created.Secret));
    }

    [Fact]
    public async Task ATokenOfADeletedAccountIsRefused()
    {
        var user = await Services.AddUserAsync();
        var created = await Tokens.CreateAsync(user.Id, "script");

        await Get<AccountDeletion>().DeleteAsync(user.Id);

        Assert.Null(await Tokens.AuthenticateAsync(created.Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("col_")]
    [InlineData("Bearer col_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("xyz_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("col_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'")]
    [InlineData("col_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task MalformedOrUnknownSecretsAreRefused(string? secret)
    {
        var user = await Services.AddUserAsync();
        await Tokens.CreateAsync(user.Id, "real");

        Assert.Null(await Tokens.AuthenticateAsync(secret));
        Assert.Null(await Tokens.AuthenticateAsync(new string('a', 100_000)));
    }

    [Fact]
    public async Task ASecretWithOneCharacterChangedIsRefused()
    {
        var user = await Services.AddUserAsync();
        var secret = (await Tokens.CreateAsync(user.Id, "real")).Secret!;
        var last = secret[^1] == 'A' ? 'B' : 'A';

        Assert.Null(await Tokens.AuthenticateAsync(secret[..^1] + last));
    }

    [Fact]
    public async Task TheLastUseIsRecordedAtMostOnceAMinute()
    {
        var user = await Services.AddUserAsync();
        var created = await Tokens.CreateAsync(user.Id, "busy script");
        var first = Clock.GetUtcNow();

        await Tokens.AuthenticateAsync(created.Secret);
        Clock.Advance(TimeSpan.FromSeconds(30));
        await Tokens.AuthenticateAsync(created.Secret);
        Assert.Equal(first, (await Tokens.ListAsync(user.Id)).Single().LastUsedAt);

        Clock.Advance(TimeSpan.FromSeconds(31));
        await Tokens.AuthenticateAsync(created.Secret);
        Assert.Equal(Clock.GetUtcNow(), (await Tokens.ListAsync(user.Id)).Single().LastUsedAt);
    }

    [Fact]
    public async Task TokensAreListedNewestFirst()
    {
        var user = await Services.AddUserAsync();
        await Tokens.CreateAsync(user.Id, "old");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Tokens.CreateAsync(user.Id, "new");

        Assert.Equal(["new", "old"], (await Tokens.ListAsync(user.Id)).Select(t => t.Name));
    }

    private async Task SetLockoutAsync(Guid userId, DateTimeOffset until)
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, until).SetProperty(u => u.LockoutEnabled, true));
    }
}
