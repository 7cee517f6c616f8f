using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net.Mail;
using System.Text;

namespace Coloring.Domain.Accounts;

/// <summary>
/// The one place that decides whether a string is an e-mail address we will write to, which address exactly,
/// and how addresses are compared (ADR 0007).
/// </summary>
/// <remarks>
/// Every address that enters the system is first turned into its <see cref="Canonicalize">canonical form</see>:
/// NFKC, a local part of ASCII only, in lower case, and the domain as IDNA ASCII (punycode), in lower case. Links
/// are sent to that form, accounts are made with it, and <c>Auth:AdminEmails</c> is matched against it. The
/// lookup key (<see cref="Normalize"/>) only upper-cases ASCII letters, so no Unicode case mapping (long s to S,
/// Kelvin sign to K, dotless i to I) can ever make two addresses one.
/// </remarks>
public static class EmailAddress
{
    public const int MaxLength = 254;

    private static readonly EmailAddressAttribute Attribute = new();

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <summary>True for a plain address such as <c>ann@example.com</c> that has a <see cref="Canonicalize">canonical form</see>.</summary>
    public static bool IsValid(string? value) => Canonicalize(value) is not null;

    /// <summary>
    /// The exact address we write to for <paramref name="value"/>, or null when it is not one we accept: NFKC, then
    /// a local part of printable ASCII only (lower-cased), then the domain in IDNA ASCII form (lower-cased). No display
    /// name, no control or invisible characters, at most 254 characters.
    /// </summary>
    public static string? Canonicalize(string? value)
    {
        // The length is checked before any work, so a huge input costs nothing.
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength * 2)
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Any(c => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            || !TryNormalize(ref trimmed))
        {
            return null;
        }

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
        {
            return null;
        }

        var local = trimmed[..at];
        if (!local.All(c => c is > ' ' and < '\u007F'))
        {
            return null;
        }

        string domain;
        try
        {
            domain = Idn.GetAscii(trimmed[(at + 1)..]);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var canonical = ToLowerAscii(local) + "@" + ToLowerAscii(domain);
        return canonical.Length <= MaxLength
            && Attribute.IsValid(canonical)
            && MailAddress.TryCreate(canonical, out var parsed)
            && parsed.Address == canonical
            && domain.IndexOf('.') > 0
            && !domain.EndsWith('.')
            ? canonical
            : null;
    }

    /// <summary>
    /// The canonical form of an address that is already canonical but for surrounding space and ASCII case (a stored
    /// or linked address); null for anything else, such as a look-alike that only canonicalises to someone's address.
    /// </summary>
    public static string? CanonicalizeExact(string? value) =>
        Canonicalize(value) is { } canonical && Normalize(canonical) == Normalize(value!) ? canonical : null;

    /// <summary>
    /// The key addresses are looked up and compared by: trimmed, with ASCII letters upper-cased and every other
    /// character left as it is. For a canonical address this is a one-to-one mapping.
    /// </summary>
    public static string Normalize(string value)
    {
        var trimmed = value.Trim();
        return string.Create(trimmed.Length, trimmed, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterLower(source[i]) ? (char)(source[i] - 32) : source[i];
            }
        });
    }

    private static bool TryNormalize(ref string value)
    {
        try
        {
            if (!value.IsNormalized(NormalizationForm.FormKC))
            {
                value = value.Normalize(NormalizationForm.FormKC);
            }

            return true;
        }
        catch (ArgumentException)
        {
            return false; // lone surrogates
        }
    }

    private static string ToLowerAscii(string value) =>
        string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] + 32) : source[i];
            }
        });
}
