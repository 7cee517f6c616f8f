using Microsoft.AspNetCore.Identity;

namespace Coloring.Domain.Accounts;

/// <summary>
/// Identity's lookup keys for e-mails, user names and role names, upper-casing ASCII letters only.
/// </summary>
/// <remarks>
/// Identity's default <see cref="UpperInvariantLookupNormalizer"/> maps U+017F (long s) to S, U+0131 (dotless i)
/// to I and so on, so a link sent to a look-alike address found the real account (ADR 0007). Addresses reach
/// Identity only in their canonical ASCII form; anything else keeps its non-ASCII characters and can match nothing
/// but itself.
/// </remarks>
public sealed class AsciiLookupNormalizer : ILookupNormalizer
{
    public string? NormalizeEmail(string? email) => email is null ? null : EmailAddress.Normalize(email);

    public string? NormalizeName(string? name) => name is null ? null : EmailAddress.Normalize(name);
}
