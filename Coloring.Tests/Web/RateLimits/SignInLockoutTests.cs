using System.Net;
using Coloring.Web.RateLimits;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Coloring.Tests.Web.RateLimits;

public sealed class SignInLockoutInMemoryTests : SignInLockoutTests
{
    protected override ActionLimiter Limiter() => new(Options.Create(Limits), new MemoryWindows(Clock), NullLogger<ActionLimiter>.Instance);
}

public sealed class SignInLockoutOnRedisTests : SignInLockoutTests, IAsyncLifetime
{
    private ConnectionMultiplexer? _redis;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(
        Environment.GetEnvironmentVariable("COLORING_TEST_REDIS")
        ?? throw new InvalidOperationException("COLORING_TEST_REDIS is not set: run the tests with ./test.sh, which starts Redis."));

    public async Task DisposeAsync() => await _redis!.DisposeAsync();

    protected override ActionLimiter Limiter() => new(Options.Create(Limits), new MemoryWindows(Clock), NullLogger<ActionLimiter>.Instance, _redis);
}

/// <summary>
/// Strangers asking for someone's sign-in links cannot lock that person out, while the mail one mailbox gets stays
/// bounded; on the in-memory counters and on Redis alike. Every test uses its own addresses and networks, so counts
/// left in a shared Redis by other runs cannot touch it.
/// </summary>
public abstract class SignInLockoutTests
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    protected RateLimitOptions Limits { get; } = new()
    {
        SignInLinks = new() { PermitLimit = 50, Window = TimeSpan.FromMinutes(15) },
        SignInLinksPerAddressAndNetwork = new() { PermitLimit = 3, Window = TimeSpan.FromHours(1) },
        SignInLinksPerAddress = new() { PermitLimit = 8, Window = TimeSpan.FromHours(1) },
    };

    protected abstract ActionLimiter Limiter();

    [Fact]
    public async Task AStrangerHammeringAnAddressFromOneNetworkDoesNotStopThePersonsOwnRequest()
    {
        var limiter = Limiter();
        var victim = Address();
        var stranger = Network();

        var hammered = new List<bool>();
        for (var i = 0; i < 30; i++)
        {
            hammered.Add((await limiter.SignInLinkAsync(stranger, victim)).Allowed);
        }

        Assert.Equal(3, hammered.Count(a => a));
        Assert.True((await limiter.SignInLinkAsync(Network(), victim)).Allowed);
        Assert.True((await limiter.SignInLinkAsync(stranger, Address())).Allowed);
    }

    [Fact]
    public async Task AStrangerOnOneIpv6Slash64CountsAsOneNetworkHoweverManyAddressesItUses()
    {
        var limiter = Limiter();
        var victim = Address();
        var prefix = Network().GetAddressBytes();

        var allowed = 0;
        for (var i = 0; i < 30; i++)
        {
            prefix[15] = (byte)i;
            prefix[9] = (byte)(i * 7);
            allowed += (await limiter.SignInLinkAsync(new IPAddress(prefix), victim)).Allowed ? 1 : 0;
        }

        Assert.Equal(3, allowed);
        Assert.True((await limiter.SignInLinkAsync(Network(), victim)).Allowed);
    }

    [Fact]
    public async Task TheMailToOneMailboxStaysBoundedWhenStrangersUseManyNetworks()
    {
        var limiter = Limiter();
        var victim = Address();

        var allowed = 0;
        for (var i = 0; i < 20; i++)
        {
            var network = Network();
            allowed += (await limiter.SignInLinkAsync(network, victim)).Allowed ? 1 : 0;
            allowed += (await limiter.SignInLinkAsync(network, victim)).Allowed ? 1 : 0;
        }

        Assert.Equal(8, allowed);
        var refused = await limiter.SignInLinkAsync(Network(), victim);
        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task ALookAlikeOfTheAddressCountsAsTheAddressItsLinkWouldGoTo()
    {
        var limiter = Limiter();
        var local = $"s{Guid.NewGuid():N}";
        var network = Network();

        Assert.True((await limiter.SignInLinkAsync(network, $"{local}@example.com")).Allowed);
        Assert.True((await limiter.SignInLinkAsync(network, $"\u017F{local[1..]}@example.com")).Allowed);
        Assert.True((await limiter.SignInLinkAsync(network, $"{local.ToUpperInvariant()}@EXAMPLE.com")).Allowed);

        Assert.False((await limiter.SignInLinkAsync(network, $"\uFF53{local[1..]}@example.com")).Allowed);
    }

    private static string Address() => $"{Guid.NewGuid():N}@example.com";

    // A fresh IPv6 /64 in the documentation range.
    private static IPAddress Network()
    {
        var bytes = new byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        bytes[2] = 0x0d;
        bytes[3] = 0xb8;
        Random.Shared.NextBytes(bytes.AsSpan(4, 4));
        bytes[15] = 1;
        return new IPAddress(bytes);
    }
}
