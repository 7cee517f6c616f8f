using Coloring.Domain.RateLimits;
using System.Net;
using Coloring.Web.RateLimits;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Coloring.Tests.Web.RateLimits;

/// <summary>The shared limiter on its in-memory counters (one machine, or while Redis is away).</summary>
public sealed class ActionLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly RateLimitOptions _options = new()
    {
        Uploads = new() { PermitLimit = 3, Window = TimeSpan.FromHours(1) },
        Generations = new() { PermitLimit = 2, Window = TimeSpan.FromHours(1) },
        SignInLinks = new() { PermitLimit = 2, Window = TimeSpan.FromMinutes(15) },
    };

    private ActionLimiter Limiter() => new(Options.Create(_options), new MemoryWindows(_clock), NullLogger<ActionLimiter>.Instance);

    [Fact]
    public async Task TheLimitHoldsForTheWindowAndSaysHowLongToWait()
    {
        var limiter = Limiter();
        var user = Guid.NewGuid();
        Assert.True((await limiter.GenerationAsync(user)).Allowed);
        _clock.Advance(TimeSpan.FromMinutes(48));
        Assert.True((await limiter.GenerationAsync(user)).Allowed);

        var refused = await limiter.GenerationAsync(user);

        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromMinutes(12), refused.RetryAfter);
        Assert.Equal(720, refused.RetryAfterSeconds);
        Assert.Equal("in 12 minutes", refused.WaitText);
        _clock.Advance(TimeSpan.FromMinutes(12));
        Assert.True((await limiter.GenerationAsync(user)).Allowed);
    }

    [Fact]
    public async Task EachPersonAndEachActionHasItsOwnCount()
    {
        var limiter = Limiter();
        var ann = Guid.NewGuid();
        await limiter.GenerationAsync(ann);
        await limiter.GenerationAsync(ann);

        Assert.False((await limiter.GenerationAsync(ann)).Allowed);
        Assert.True((await limiter.GenerationAsync(Guid.NewGuid())).Allowed);
        Assert.True((await limiter.UploadAsync(ann)).Allowed);
    }

    [Fact]
    public async Task SignInLinksAreCountedPerNetworkAcrossAddressesWithIpv6ByItsSlash64()
    {
        var limiter = Limiter();
        var ip = IPAddress.Parse("2001:db8::7");

        Assert.True((await limiter.SignInLinkAsync(ip, "a@example.com")).Allowed);
        Assert.True((await limiter.SignInLinkAsync(IPAddress.Parse("2001:db8::ffff:1234"), "b@example.com")).Allowed);

        Assert.False((await limiter.SignInLinkAsync(IPAddress.Parse("2001:db8::8"), "c@example.com")).Allowed);
        Assert.True((await limiter.SignInLinkAsync(IPAddress.Parse("2001:db8:0:1::8"), "c@example.com")).Allowed);
    }

    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1")]
    [InlineData("2001:db8:aa:bb:cc:dd:ee:ff", "2001:db8:aa:bb::/64")]
    [InlineData("::1", "::/64")]
    public void ClientsAreCountedByTheirIpv4AddressOrIpv6Slash64(string ip, string network) =>
        Assert.Equal(network, ActionLimiter.NetworkOf(IPAddress.Parse(ip)));

    [Fact]
    public void AClientWithoutAnAddressIsCountedAsUnknown() => Assert.Equal("unknown", ActionLimiter.NetworkOf(null));

    [Fact]
    public async Task PdfExportsAreCountedPerPerson()
    {
        _options.PdfExports = new() { PermitLimit = 2, Window = TimeSpan.FromMinutes(10) };
        var limiter = Limiter();
        var ann = Guid.NewGuid();
        await limiter.PdfExportAsync(ann);
        await limiter.PdfExportAsync(ann);

        var refused = await limiter.PdfExportAsync(ann);

        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromMinutes(10), refused.RetryAfter);
        Assert.True((await limiter.PdfExportAsync(Guid.NewGuid())).Allowed);
        Assert.True((await limiter.UploadAsync(ann)).Allowed);
    }

    [Fact]
    public async Task ManyAtOnceLetExactlyTheLimitThrough()
    {
        var limiter = Limiter();
        var user = Guid.NewGuid();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => limiter.UploadAsync(user))));

        Assert.Equal(3, decisions.Count(d => d.Allowed));
    }

    [Fact]
    public async Task OldWindowsAreSweptAndCountingStartsAfresh()
    {
        var limiter = Limiter();
        var users = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToList();
        foreach (var user in users)
        {
            await limiter.UploadAsync(user);
        }

        _clock.Advance(TimeSpan.FromHours(2));

        foreach (var user in users)
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.True((await limiter.UploadAsync(user)).Allowed);
            }

            Assert.False((await limiter.UploadAsync(user)).Allowed);
        }
    }

    [Theory]
    [InlineData(5, "in a minute")]
    [InlineData(60, "in a minute")]
    [InlineData(61, "in 2 minutes")]
    [InlineData(3600, "in 60 minutes")]
    [InlineData(3 * 3600, "in 3 hours")]
    public void WaitsAreSaidInWords(int seconds, string words) =>
        Assert.Equal(words, new RateLimitDecision(false, TimeSpan.FromSeconds(seconds)).WaitText);
}
