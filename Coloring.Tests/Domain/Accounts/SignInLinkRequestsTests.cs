using System.Net;
using Coloring.Domain.Accounts;
using Coloring.Domain.Data;
using Coloring.Tests.Support;
using Coloring.Web.RateLimits;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Domain.Accounts;

public sealed class SignInLinkRequestsOnSqliteTests() : SignInLinkRequestsTests(DatabaseProvider.Sqlite);

public sealed class SignInLinkRequestsOnPostgresTests() : SignInLinkRequestsTests(DatabaseProvider.Postgres);

/// <summary>Asking for a sign-in link: each refusal, the order of the checks, and where the link goes.</summary>
public abstract class SignInLinkRequestsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private static readonly IPAddress Home = IPAddress.Parse("203.0.113.7");

    private SignInLinkRequests Links => Get<SignInLinkRequests>();

    private SentSignInLinks Sent => Get<SentSignInLinks>();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<RateLimitOptions>(o => o.SignInLinks.PermitLimit = 1);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not an address")]
    [InlineData("Ann <ann@example.com>")]
    [InlineData("ann@example.com\r\nBcc: all@example.com")]
    [InlineData("s\u0131s@example.com")]
    public async Task AnAddressWeCannotSendToIsRefusedBeforeItIsCounted(string? email)
    {
        var refused = await Links.AskAsync(email, null, Home);

        Assert.Equal(SignInLinkRefusal.InvalidEmail, refused.Refusal);
        Assert.Empty(Sent.Sent);
        Assert.Null((await Links.AskAsync("ann@example.com", null, Home)).Refusal);
    }

    [Fact]
    public async Task AHugeAddressIsRefused()
    {
        var refused = await Links.AskAsync(new string('a', 1_000_000) + "@example.com", null, Home);

        Assert.Equal(SignInLinkRefusal.InvalidEmail, refused.Refusal);
        Assert.Empty(Sent.Sent);
    }

    [Fact]
    public async Task TheLinkGoesToTheCanonicalAddressWhichIsTheOneToShow()
    {
        var sent = await Links.AskAsync("  \u017Fis@Example.COM ", "/create", Home);

        Assert.Equal("sis@example.com", sent.SentTo);
        Assert.Equal(("sis@example.com", "/create"), Assert.Single(Sent.Sent));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task AReturnAddressOffThisSiteIsLeftOut(string returnUrl)
    {
        var sent = await Links.AskAsync("ann@example.com", returnUrl, Home);

        Assert.Null(sent.Refusal);
        Assert.Equal(("ann@example.com", (string?)null), Assert.Single(Sent.Sent));
    }

    [Fact]
    public async Task OverTheLimitNoLinkIsSentAndTheWaitAndTheLastLinksLifeAreSaid()
    {
        await Links.AskAsync("ann@example.com", null, Home);

        var refused = await Links.AskAsync("ann@example.com", null, Home);

        Assert.Equal(SignInLinkRefusal.TooMany, refused.Refusal);
        Assert.InRange(refused.RetryAfterSeconds, 1, 3600);
        Assert.EndsWith("the last link sent still works for 10 minutes.", refused.Message);
        Assert.Single(Sent.Sent);
    }
}
