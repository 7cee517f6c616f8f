using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coloring.E2E.Support;

/// <summary>
/// The real app on a real loopback port (Kestrel, not TestServer), so a real browser can use it.
/// Only the edges are replaced: a fresh SQLite file and storage folder, the SMTP target, and the clock.
/// </summary>
public sealed class ColoringAppFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("coloring-e2e-").FullName;
    private readonly int _port = FreePort.Next();

    private readonly IReadOnlyDictionary<string, string?> _settings;

    public ColoringAppFactory(int smtpPort, AdjustableClock clock, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        SmtpPort = smtpPort;
        Clock = clock;
        // The port is chosen before start because App:BaseUrl (the address in e-mailed links) is read
        // from configuration. "localhost", not 127.0.0.1: the auth cookie is Secure, and Chromium keeps
        // Secure cookies over plain http only for localhost.
        BaseUrl = $"http://localhost:{_port}";
        UseKestrel(k => k.ListenLocalhost(_port));
    }

    /// <summary>The address that gets the Admin role when it signs in (Auth:AdminEmails).</summary>
    public const string AdminEmail = "admin@coloring.test";

    public int SmtpPort { get; }

    public AdjustableClock Clock { get; }

    /// <summary>Where the browser reaches the app, without a trailing slash.</summary>
    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development: MudBlazor's static web assets are served from the build output only in Development.
        // Outside Production the app needs no App:BaseUrl, but we set it so links point at this server.
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_dataFolder, "coloring.db")}");
        builder.UseSetting("ConnectionStrings:Postgres", "");
        builder.UseSetting("ConnectionStrings:Redis", "");
        builder.UseSetting("Storage:Root", Path.Combine(_dataFolder, "storage"));
        builder.UseSetting("App:BaseUrl", BaseUrl);
        builder.UseSetting("Email:From", "Coloring <no-reply@coloring.test>");
        builder.UseSetting("Email:MailboxFolder", Path.Combine(_dataFolder, "mailbox"));
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:Smtp:UseTls", "false");
        builder.UseSetting("Email:Smtp:User", "");
        builder.UseSetting("Email:Smtp:Password", "");
        builder.UseSetting("Auth:AdminEmails:0", AdminEmail);
        // Every browser test signs in from 127.0.0.1 and many make pages: the abuse limits stay out of the way.
        foreach (var limit in new[] { "Uploads", "Generations", "SignInLinks", "SignInLinksPerAddressAndNetwork", "SignInLinksPerAddress", "PdfExports" })
        {
            builder.UseSetting($"RateLimits:{limit}:PermitLimit", "100000");
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the WAL file for a moment; the temp folder is cleaned by the OS anyway.
            }
        }
    }
}
