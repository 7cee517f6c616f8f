using System.Net;

namespace Coloring.Web.Email;

/// <summary>
/// The sign-in e-mail: a plain-text part and an HTML part with one large button, in the product's name and
/// colours. Everything that comes from outside (the address, the link) is HTML-encoded in the HTML part.
/// </summary>
public static class SignInEmail
{
    public const string Subject = "Your sign-in link for Coloring";

    /// <summary>Why the link needs a second click: mail scanners open links, so opening one must not sign in.</summary>
    public const string WhyContinue =
        "The link opens a page with a Continue button: some mail programs open links to check them, and the extra click makes sure only you sign in.";

    /// <summary>The message to <paramref name="email"/> carrying <paramref name="link"/>, good for <paramref name="minutes"/> minutes.</summary>
    public static OutgoingEmail Compose(string email, string link, int minutes)
    {
        var text = $"""
            Hello,

            Open this link to sign in to Coloring as {email}:

            {link}

            It works once, for {minutes} minutes. {WhyContinue}

            If you did not ask for it, ignore this e-mail: nobody can sign in without the link.

            -- Coloring, photos into coloring pages
            """;

        var href = WebUtility.HtmlEncode(link);
        var address = WebUtility.HtmlEncode(email);
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{Subject}</title></head>
            <body style="margin:0;padding:0;background:#f4f5fb;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#212121;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5fb;padding:24px 12px;">
            <tr><td align="center">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:520px;background:#ffffff;border-radius:10px;overflow:hidden;">
            <tr><td style="background:#3949ab;color:#ffffff;padding:18px 28px;font-size:22px;font-weight:700;">&#9998; Coloring</td></tr>
            <tr><td style="padding:28px;font-size:16px;line-height:1.5;">
            <p style="margin:0 0 16px;">Hello,</p>
            <p style="margin:0 0 24px;">Press the button to sign in to Coloring as <strong>{address}</strong>.</p>
            <p style="margin:0 0 24px;text-align:center;">
            <a href="{href}" style="display:inline-block;background:#b85500;color:#ffffff;font-size:20px;font-weight:700;text-decoration:none;padding:16px 36px;border-radius:8px;min-width:200px;">Sign in to Coloring</a>
            </p>
            <p style="margin:0 0 16px;">It works once, for {minutes} minutes. {WebUtility.HtmlEncode(WhyContinue)}</p>
            <p style="margin:0 0 16px;color:#555555;font-size:14px;">If the button does not work, copy this address into your browser:<br><a href="{href}" style="color:#3949ab;word-break:break-all;">{href}</a></p>
            <p style="margin:0;color:#555555;font-size:14px;">If you did not ask for it, ignore this e-mail: nobody can sign in without the link.</p>
            </td></tr>
            </table>
            </td></tr>
            </table>
            </body>
            </html>
            """;
        return new OutgoingEmail(email, Subject, text, html);
    }
}
