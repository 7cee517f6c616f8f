using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace Coloring.Domain.Accounts;

/// <summary>The one place that decides whether a string is an e-mail address we will write to.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    private static readonly EmailAddressAttribute Attribute = new();

    /// <summary>True for a plain address such as <c>ann@example.com</c>: no display name, no control characters, at most 254 characters.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength || value.Any(char.IsControl))
        {
            return false;
        }

        var trimmed = value.Trim();
        var at = trimmed.LastIndexOf('@');
        return Attribute.IsValid(trimmed)
            && MailAddress.TryCreate(trimmed, out var parsed)
            && parsed.Address == trimmed
            && at > 0
            && trimmed.IndexOf('.', at) > at + 1
            && !trimmed.EndsWith('.');
    }

    /// <summary>The form used to compare addresses.</summary>
    public static string Normalize(string value) => value.Trim().ToUpperInvariant();
}
