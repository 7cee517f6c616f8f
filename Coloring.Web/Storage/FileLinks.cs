using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace Coloring.Web.Storage;

/// <summary>
/// Short-lived signed addresses for stored files, so an <c>img</c> tag or a script can fetch a file
/// without a cookie. The signature comes from the data-protection keys shared by every instance; the
/// expiry is checked against the injected clock.
/// </summary>
/// <remarks>
/// A link is stable for a while: the expiry is rounded up to the next boundary of a window (a third of the
/// lifetime asked for, at least a minute), and the token made for one asset and one expiry is kept until that
/// expiry, so every redraw of a page within the window gives the same address and the browser does not load
/// the image again. A link always has at least the lifetime asked for left when it is handed out.
/// </remarks>
public sealed class FileLinks(IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>How long a link works unless told otherwise.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Most tokens kept at once; past it the kept tokens are dropped (links stay valid, new ones are signed).</summary>
    internal const int MaxKeptTokens = 50_000;

    private readonly IDataProtector _protector = protection.CreateProtector("Coloring.FileLinks.v1");

    // Data protection adds a random part to every token, so the same payload signs differently each time: tokens
    // are kept by (asset, expiry) for as long as they work.
    private readonly ConcurrentDictionary<(Guid Asset, long Expires), string> _tokens = new();
    private long _nextSweep;

    /// <summary>
    /// A relative address that serves the asset until the link expires: at least <paramref name="lifetime"/>
    /// (<see cref="DefaultLifetime"/> when null) from now, and the same address for the same asset until the
    /// expiry window moves on.
    /// </summary>
    public string For(Guid assetId, bool download = false, TimeSpan? lifetime = null)
    {
        var expires = ExpiryFor(clock.GetUtcNow(), lifetime ?? DefaultLifetime);
        var token = _tokens.GetOrAdd((assetId, expires), key => _protector.Protect($"{key.Asset:N}|{key.Expires.ToString(CultureInfo.InvariantCulture)}"));
        Sweep();
        return $"/files/{assetId:N}?token={Uri.EscapeDataString(token)}{(download ? "&download=true" : "")}";
    }

    /// <summary>The longest a link asked to work for <paramref name="lifetime"/> may work: the lifetime and one window.</summary>
    public static TimeSpan LongestLifetime(TimeSpan lifetime) => lifetime + TimeSpan.FromSeconds(Window(lifetime)) + TimeSpan.FromSeconds(1);

    /// <summary>
    /// The expiry (Unix seconds) of a link made at <paramref name="now"/> that must work for <paramref name="lifetime"/>:
    /// now plus the lifetime, rounded up to the next multiple of the window (a third of the lifetime, at least a minute).
    /// </summary>
    internal static long ExpiryFor(DateTimeOffset now, TimeSpan lifetime)
    {
        var window = Window(lifetime);
        var earliest = (now + lifetime).ToUnixTimeSeconds() + ((now + lifetime).Millisecond > 0 ? 1 : 0);
        return (earliest + window - 1) / window * window;
    }

    private static long Window(TimeSpan lifetime) => (long)Math.Max(60, Math.Ceiling(lifetime.TotalSeconds / 3));

    /// <summary>True when <paramref name="token"/> was made by <see cref="For"/> for this asset and has not expired.</summary>
    public bool IsValid(Guid assetId, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return false;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }

        var parts = payload.Split('|');
        return parts.Length == 2
            && parts[0] == assetId.ToString("N")
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && clock.GetUtcNow().ToUnixTimeSeconds() < expires;
    }

    /// <summary>Drops kept tokens that no longer work, at most once a minute, and all of them past <see cref="MaxKeptTokens"/>.</summary>
    private void Sweep()
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (_tokens.Count > MaxKeptTokens)
        {
            _tokens.Clear();
            return;
        }

        var next = Interlocked.Read(ref _nextSweep);
        if (now < next || Interlocked.CompareExchange(ref _nextSweep, now + 60, next) != next)
        {
            return;
        }

        foreach (var key in _tokens.Keys)
        {
            if (key.Expires <= now)
            {
                _tokens.TryRemove(key, out _);
            }
        }
    }

    /// <summary>How many tokens are kept (for tests).</summary>
    internal int KeptTokens => _tokens.Count;
}
