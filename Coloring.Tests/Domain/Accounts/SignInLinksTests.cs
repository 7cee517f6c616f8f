using Coloring.Domain.Accounts;
using Coloring.Domain.Data;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Tests.Domain.Accounts;

public sealed class SignInLinksOnSqliteTests() : SignInLinksTests(DatabaseProvider.Sqlite);

public sealed class SignInLinksOnPostgresTests() : SignInLinksTests(DatabaseProvider.Postgres);

public abstract class SignInLinksTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private SignInLinks Links => Get<SignInLinks>();

    [Fact]
    public async Task ALinkSignsInOnceAndThenSaysItWasUsed()
    {
        var link = await Links.IssueAsync("ann@example.com", "/credits");

        var first = await Links.ConsumeAsync(link.Token);
        var second = await Links.ConsumeAsync(link.Token);

        Assert.Equal(new SignInLinkCheck(SignInLinkStatus.Valid, "ann@example.com", "/credits"), first);
        Assert.Equal(SignInLinkStatus.AlreadyUsed, second.Status);
        Assert.Null(second.Email);
    }

    [Fact]
    public async Task TenConcurrentClicksOnOneLinkSignInExactlyOnce()
    {
        var link = await Links.IssueAsync("ann@example.com", null);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Links.ConsumeAsync(link.Token))));

        Assert.Single(results, r => r.Status == SignInLinkStatus.Valid);
        Assert.All(results.Where(r => r.Status != SignInLinkStatus.Valid), r => Assert.Equal(SignInLinkStatus.AlreadyUsed, r.Status));
    }

    [Fact]
    public async Task LookingAtALinkDoesNotUseItUp()
    {
        var link = await Links.IssueAsync("ann@example.com", null);

        var peek = await Links.PeekAsync(link.Token);
        var consume = await Links.ConsumeAsync(link.Token);

        Assert.Equal(SignInLinkStatus.Valid, peek.Status);
        Assert.Equal(SignInLinkStatus.Valid, consume.Status);
    }

    [Fact]
    public async Task ALinkExpiresAfterTenMinutes()
    {
        var link = await Links.IssueAsync("ann@example.com", null);
        Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        Assert.Equal(SignInLinkStatus.Expired, (await Links.PeekAsync(link.Token)).Status);
        Assert.Equal(SignInLinkStatus.Expired, (await Links.ConsumeAsync(link.Token)).Status);
    }

    [Fact]
    public async Task ALinkStillWorksJustBeforeItExpires()
    {
        var link = await Links.IssueAsync("ann@example.com", null);
        Clock.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(59));

        Assert.Equal(SignInLinkStatus.Valid, (await Links.ConsumeAsync(link.Token)).Status);
    }

    [Fact]
    public async Task OnlyAHashOfTheTokenIsStored()
    {
        var link = await Links.IssueAsync("ann@example.com", null);
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();

        var stored = await db.MagicLinkTokens.SingleAsync();

        Assert.NotEqual(link.Token, stored.TokenHash);
        Assert.DoesNotContain(link.Token, stored.TokenHash, StringComparison.Ordinal);
        Assert.Equal(SignInLinks.Hash(link.Token), stored.TokenHash);
        Assert.Equal(43, link.Token.Length); // 32 random bytes
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("' OR 1=1 --")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("<script>alert(1)</script>")]
    public async Task AForgedOrMalformedTokenIsUnknown(string? token)
    {
        await Links.IssueAsync("ann@example.com", null);

        Assert.Equal(SignInLinkStatus.Unknown, (await Links.PeekAsync(token)).Status);
        Assert.Equal(SignInLinkStatus.Unknown, (await Links.ConsumeAsync(token)).Status);
    }

    [Fact]
    public async Task AHugeTokenIsUnknownWithoutTouchingTheDatabase()
    {
        Assert.Equal(SignInLinkStatus.Unknown, (await Links.ConsumeAsync(new string('x', 1_000_000))).Status);
    }

    [Fact]
    public async Task TwoLinksForOneAddressAreIndependent()
    {
        var first = await Links.IssueAsync("ann@example.com", null);
        var second = await Links.IssueAsync("ann@example.com", null);

        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(SignInLinkStatus.Valid, (await Links.ConsumeAsync(second.Token)).Status);
        Assert.Equal(SignInLinkStatus.Valid, (await Links.ConsumeAsync(first.Token)).Status);
    }

    [Fact]
    public async Task CleanupDeletesUsedAndExpiredLinksButKeepsLiveOnes()
    {
        var used = await Links.IssueAsync("used@example.com", null);
        await Links.ConsumeAsync(used.Token);
        await Links.IssueAsync("old@example.com", null);
        Clock.Advance(TimeSpan.FromMinutes(11));
        var live = await Links.IssueAsync("live@example.com", null);

        var deleted = await Links.DeleteExpiredAsync();

        Assert.Equal(2, deleted);
        Assert.Equal(SignInLinkStatus.Valid, (await Links.PeekAsync(live.Token)).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("Ann <ann@example.com>")]
    public async Task IssuingForAnInvalidAddressIsRefused(string email)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Links.IssueAsync(email, null));
    }
}
