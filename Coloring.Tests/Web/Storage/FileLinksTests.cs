using Coloring.Web.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;

namespace Coloring.Tests.Web.Storage;

/// <summary>Signed file links: stable within a window, so a redraw does not reload an image, and never shorter-lived than asked.</summary>
public sealed class FileLinksTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 7, TimeSpan.Zero));
    private readonly EphemeralDataProtectionProvider _keys = new();
    private readonly FileLinks _links;

    public FileLinksTests() => _links = new FileLinks(_keys, _clock);

    private static string TokenOf(string link) => Uri.UnescapeDataString(link.Split("token=")[1].Split('&')[0]);

    private DateTimeOffset ExpiryOf(string link, Guid asset)
    {
        // The link works until its expiry and not a second longer: find that second on another instance's clock.
        var later = new FakeTimeProvider(_clock.GetUtcNow());
        var elsewhere = new FileLinks(_keys, later);
        while (elsewhere.IsValid(asset, TokenOf(link)))
        {
            later.Advance(TimeSpan.FromSeconds(1));
            Assert.True(later.GetUtcNow() - _clock.GetUtcNow() < TimeSpan.FromHours(3), "the link never expired");
        }

        return later.GetUtcNow();
    }

    [Fact]
    public void TheSameAssetGivesTheSameLinkOnEveryRedrawWithinAWindow()
    {
        var asset = Guid.NewGuid();
        var first = _links.For(asset);

        _clock.Advance(TimeSpan.FromSeconds(40));
        var later = _links.For(asset);

        Assert.Equal(first, later);
        Assert.True(_links.IsValid(asset, TokenOf(later)));
    }

    [Fact]
    public void DifferentAssetsAndTheDownloadFlagGiveDifferentLinks()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();

        Assert.NotEqual(_links.For(a), _links.For(b));
        Assert.NotEqual(_links.For(a), _links.For(a, download: true));
        Assert.EndsWith("&download=true", _links.For(a, download: true));
        Assert.False(_links.IsValid(b, TokenOf(_links.For(a))));
    }

    [Fact]
    public void ALinkChangesOnceItsWindowHasPassedAndNeverHasLessThanTheLifetimeLeft()
    {
        var asset = Guid.NewGuid();
        var seen = new HashSet<string>();
        for (var step = 0; step < 60; step++)
        {
            var link = _links.For(asset);
            seen.Add(link);
            var left = ExpiryOf(link, asset) - _clock.GetUtcNow();
            Assert.InRange(left, FileLinks.DefaultLifetime, FileLinks.DefaultLifetime + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
            _clock.Advance(TimeSpan.FromSeconds(37));
        }

        // 60 steps of 37 s is 37 minutes: about seven 5-minute windows, not sixty links.
        Assert.InRange(seen.Count, 7, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(60 * 24 * 7)]
    public void ALongerOrShorterLifetimeIsStillMet(int minutes)
    {
        var lifetime = TimeSpan.FromMinutes(minutes);
        var expires = DateTimeOffset.FromUnixTimeSeconds(FileLinks.ExpiryFor(_clock.GetUtcNow(), lifetime));

        Assert.True(expires - _clock.GetUtcNow() >= lifetime);
        Assert.True(expires - _clock.GetUtcNow() <= lifetime + TimeSpan.FromSeconds(Math.Max(60, lifetime.TotalSeconds / 3)) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void AnExpiredLinkNoLongerWorksAndTheNextCallSignsAFreshOne()
    {
        var asset = Guid.NewGuid();
        var old = _links.For(asset);

        _clock.Advance(FileLinks.DefaultLifetime + TimeSpan.FromMinutes(6));

        Assert.False(_links.IsValid(asset, TokenOf(old)));
        var fresh = _links.For(asset);
        Assert.NotEqual(old, fresh);
        Assert.True(_links.IsValid(asset, TokenOf(fresh)));
    }

    [Fact]
    public void KeptTokensAreDroppedOnceTheyExpire()
    {
        for (var i = 0; i < 100; i++)
        {
            _links.For(Guid.NewGuid());
        }

        Assert.Equal(100, _links.KeptTokens);
        _clock.Advance(FileLinks.DefaultLifetime + TimeSpan.FromMinutes(6));
        _links.For(Guid.NewGuid());

        Assert.Equal(1, _links.KeptTokens);
    }

    [Fact]
    public void ManyCallsAtOnceForOneAssetAgreeOnOneLink()
    {
        var asset = Guid.NewGuid();
        var links = new string[64];
        Parallel.For(0, links.Length, i => links[i] = _links.For(asset));

        Assert.Single(links.Distinct());
    }
}
