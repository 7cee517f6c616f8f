using Microsoft.Extensions.Options;

namespace Coloring.Web.Email;

public static class EmailExtensions
{
    /// <summary>SMTP when <c>Email:Smtp:Host</c> is set; otherwise (never in Production) the development mailbox.</summary>
    public static void AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        builder.Services.AddSingleton<EmailOutbox>();
        builder.Services.AddHostedService<EmailSender>();
        builder.Services.AddSingleton<DevMailbox>();
        builder.Services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.UsesSmtp
            ? ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp)
            : sp.GetRequiredService<DevMailbox>());
    }
}
