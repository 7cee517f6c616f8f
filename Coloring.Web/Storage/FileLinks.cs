using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace Coloring.Web.Storage;

/// <summary>
/// Short-lived signed addresses for stored files, so an <c>img</c> tag or a script can fetch a file
/// without a cookie. The signature comes from the data-protection keys shared by every instance; the
/// expiry is checked against the injected clock.
/// </summary>
public sealed class FileLinks(IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>How long a link works unless told otherwise.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(15);

    private readonly IDataProtector _protector = protection.CreateProtector("Coloring.FileLinks.v1");

    /// <summary>A relative address that serves the asset until the link expires.</summary>
    public string For(Guid assetId, bool download = false, TimeSpan? lifetime = null)
    {
        var expires = clock.GetUtcNow() + (lifetime ?? DefaultLifetime);
        var token = _protector.Protect($"{assetId:N}|{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
        return $"/files/{assetId:N}?token={Uri.EscapeDataString(token)}{(download ? "&download=true" : "")}";
    }

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
}
