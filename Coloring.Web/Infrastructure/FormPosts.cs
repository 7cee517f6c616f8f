using Microsoft.AspNetCore.Antiforgery;

namespace Coloring.Web.Infrastructure;

/// <summary>What came of reading a form one of our pages posted.</summary>
public enum FormPostStatus
{
    Read,

    /// <summary>Not a form, or without a valid antiforgery token: from another site, or a page left open too long.</summary>
    Refused,

    /// <summary>Past the form limits (more than 1,024 fields, a field over 4 MB); no page of ours posts that.</summary>
    TooLarge,
}

/// <summary>A form posted by one of our pages, read only once its antiforgery token checked out.</summary>
public sealed record FormPost(FormPostStatus Status, IFormCollection Form)
{
    public bool IsRead => Status == FormPostStatus.Read;

    /// <summary>
    /// Checks the token and reads the form. The endpoints that call this turn the framework's own check off
    /// (<c>DisableAntiforgery</c>) so that a refusal is a plain 400 rather than an exception, and a form past the limits
    /// (which the token check meets first and reports as an antiforgery failure) is a 400 too, not a 500.
    /// </summary>
    public static async Task<FormPost> ReadAsync(HttpContext http, IAntiforgery antiforgery, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            {
                return new FormPost(FormPostStatus.Refused, FormCollection.Empty);
            }

            return new FormPost(FormPostStatus.Read, await http.Request.ReadFormAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is InvalidDataException or AntiforgeryValidationException)
        {
            return new FormPost(FormPostStatus.TooLarge, FormCollection.Empty);
        }
    }
}
