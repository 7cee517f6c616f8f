using Microsoft.Extensions.Options;

namespace Coloring.Web.Email;

/// <summary>Settings under <c>Email</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender, such as <c>Coloring &lt;no-reply@example.com&gt;</c>.</summary>
    public string From { get; set; } = "";

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Folder of the development mailbox, used when no SMTP host is set outside Production.</summary>
    public string MailboxFolder { get; set; } = "App_Data/mailbox";

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpSettings
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public string User { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>TLS on connect for port 465, STARTTLS otherwise; off only for a local relay.</summary>
    public bool UseTls { get; set; } = true;
}

internal sealed class EmailOptionsValidator(IHostEnvironment environment) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.From) || !MimeKit.MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add("Email:From must be a sender address, such as 'Coloring <no-reply@example.com>'.");
        }

        if (environment.IsProduction() && !options.UsesSmtp)
        {
            failures.Add("Email:Smtp:Host is required in Production (sign-in links are sent by e-mail).");
        }

        if (options.UsesSmtp && options.Smtp.Port is < 1 or > 65535)
        {
            failures.Add($"Email:Smtp:Port must be between 1 and 65535; got {options.Smtp.Port}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
