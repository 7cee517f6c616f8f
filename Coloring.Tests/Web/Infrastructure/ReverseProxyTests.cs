using System.Net;
using System.Text;
using Coloring.Tests.Support;
using Coloring.Web.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Coloring.Tests.Web.Infrastructure;

/// <summary>Behind a reverse proxy: whose X-Forwarded-For and X-Forwarded-Proto are believed, and what changes.</summary>
public sealed class ReverseProxyTests : StartedAppTest
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.1");

    private ColoringAppFactory App(string? trustedProxies) => StartApp(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = "",
        ["RateLimits:SignInLinks:PermitLimit"] = "2",
        ["RateLimits:SignInLinks:Window"] = "00:15:00",
        ["App:TrustedProxies:0"] = trustedProxies,
    });

    /// <summary>Asks for a sign-in link for a new address, as a request arriving from <paramref name="from"/>.</summary>
    private static async Task<int> AskForLinkAsync(ColoringAppFactory app, IPAddress from, string? forwardedFor)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"email":"{{Guid.NewGuid():N}}@example.com"}""");
        var context = await SendAsync(app, from, "POST", "/api/auth/magic-link", request =>
        {
            request.ContentType = "application/json";
            request.ContentLength = body.Length;
            request.Body = new MemoryStream(body);
            if (forwardedFor is not null)
            {
                request.Headers["X-Forwarded-For"] = forwardedFor;
            }
        });
        return context.Response.StatusCode;
    }

    /// <summary>A request to coloring.test as it reaches the app from <paramref name="from"/>.</summary>
    private static Task<HttpContext> SendAsync(ColoringAppFactory app, IPAddress from, string method, string path, Action<HttpRequest> fill) =>
        app.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = from;
            c.Request.Method = method;
            c.Request.Scheme = "https";
            c.Request.Host = new HostString("coloring.test");
            c.Request.Path = path;
            fill(c.Request);
        });

    [Fact]
    public async Task BehindATrustedProxyEachVisitorHasTheirOwnSignInLimit()
    {
        await using var app = App("10.0.0.1");
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, "203.0.113.5"));
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, "203.0.113.5"));

        Assert.Equal(429, await AskForLinkAsync(app, Proxy, "203.0.113.5"));
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, "203.0.113.6"));
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, "2001:db8::7"));
    }

    [Fact]
    public async Task WithoutTrustedProxiesAForwardedAddressIsIgnored()
    {
        await using var app = App(null);
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, "203.0.113.1"));
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, "203.0.113.2"));

        // A client cannot escape the limit by naming a new address each time: the address it came from counts.
        Assert.Equal(429, await AskForLinkAsync(app, Proxy, "203.0.113.3"));
    }

    [Fact]
    public async Task AForwardedAddressFromAnUntrustedSenderIsIgnored()
    {
        await using var app = App("10.0.0.1");
        var stranger = IPAddress.Parse("198.51.100.7");
        Assert.Equal(202, await AskForLinkAsync(app, stranger, "203.0.113.1"));
        Assert.Equal(202, await AskForLinkAsync(app, stranger, "203.0.113.2"));

        Assert.Equal(429, await AskForLinkAsync(app, stranger, "203.0.113.3"));
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, "203.0.113.3"));
    }

    [Fact]
    public async Task AChainOfProxiesIsWalkedBackOnlyAsFarAsTheFirstAddressNotTrusted()
    {
        await using var app = App("10.0.0.0/8");
        // The visitor 203.0.113.5 reached proxy 10.0.0.2, which passed it to 10.0.0.1; the visitor also sent a made-up
        // address first, which must not count.
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, "6.6.6.1, 203.0.113.5, 10.0.0.2"));
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, "6.6.6.2, 203.0.113.5, 10.0.0.2"));

        Assert.Equal(429, await AskForLinkAsync(app, Proxy, "6.6.6.3, 203.0.113.5, 10.0.0.2"));
        Assert.Equal(429, await AskForLinkAsync(app, Proxy, "203.0.113.5"));
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, "203.0.113.6, 10.0.0.2"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not an address at all")]
    [InlineData("<script>alert(1)</script>")]
    public async Task MalformedForwardedAddressesFromATrustedProxyCountAsTheProxy(string malformed)
    {
        await using var app = App("10.0.0.1");
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, malformed));
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, "garbage, , ::::"));

        Assert.Equal(429, await AskForLinkAsync(app, Proxy, new string('9', 10_000)));
        Assert.Equal(202, await AskForLinkAsync(app, Proxy, "203.0.113.9"));
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData(null, false)]
    public async Task HttpsSaidByATrustedProxyTurnsOnHsts(string? trusted, bool hsts)
    {
        await using var app = App(trusted);

        var context = await SendAsync(app, Proxy, "GET", "/health/live", request =>
        {
            request.Scheme = "http";
            request.Headers["X-Forwarded-Proto"] = "https";
        });

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(hsts, context.Response.Headers.StrictTransportSecurity.Count > 0);
    }

    [Theory]
    [InlineData("10.0.0.300")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("/8")]
    [InlineData("proxy.example.com")]
    [InlineData("10.0.0.1, nonsense")]
    public async Task AnEntryThatIsNotAnAddressOrNetworkStopsTheAppAtStartAndIsNamed(string entry)
    {
        await using var app = App(entry);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("App:TrustedProxies", error.ToString());
        Assert.Contains(entry.Split(", ")[^1], error.ToString());
    }

    [Theory]
    [InlineData("10.0.0.5", 1)]
    [InlineData("::1", 1)]
    [InlineData("10.0.0.0/8", 1)]
    [InlineData("10.1.2.3/8", 1)] // the same network, written from one of its addresses
    [InlineData("2001:db8::/32", 1)]
    [InlineData("10.0.0.5, 192.168.0.0/16 172.16.0.0/12", 3)]
    [InlineData("", 0)]
    public void TrustedProxiesAreReadAsAddressesOrNetworks(string entry, int count)
    {
        var networks = TrustedProxies.Parse([entry], out var invalid);

        Assert.Empty(invalid);
        Assert.Equal(count, networks.Count);
    }
}
