using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coloring.Tests.Support;

/// <summary>
/// The real app over a real database, sending real SMTP to <see cref="TestMailServer"/>. Only the clock
/// is replaced. Extra settings (key, value) override appsettings.
/// </summary>
public sealed class ColoringAppFactory(
    TestDatabase database,
    TestMailServer? mail,
    TimeProvider clock,
    string environment = "Testing",
    IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string BaseUrl = "https://coloring.test";

    public string StorageRoot { get; } = Path.Combine(Path.GetTempPath(), $"coloring-storage-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting(database.ConfigurationKey, database.ConnectionString);
        builder.UseSetting("Storage:Root", StorageRoot);
        builder.UseSetting("App:BaseUrl", BaseUrl);
        builder.UseSetting("Email:MailboxFolder", Path.Combine(StorageRoot, "mailbox"));
        if (mail is not null)
        {
            builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
            builder.UseSetting("Email:Smtp:Port", mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Email:Smtp:UseTls", "false");
        }

        // Tests sign in many times from one address and make many pages: the limits are out of the way unless a
        // test sets its own (the rate-limit tests do).
        foreach (var limit in new[] { "Uploads", "Generations", "SignInLinks", "SignInLinksPerAddressAndNetwork", "SignInLinksPerAddress", "PdfExports" })
        {
            builder.UseSetting($"RateLimits:{limit}:PermitLimit", "100000");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(clock);
        });
    }

    /// <summary>A browser-like client: HTTPS (the auth cookie is Secure), cookies kept, redirects not followed.</summary>
    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Directory.Exists(StorageRoot))
        {
            Directory.Delete(StorageRoot, recursive: true);
        }
    }
}

/// <summary>Submits the app's server-rendered forms the way a browser does.</summary>
public static partial class FormPosting
{
    /// <summary>Loads <paramref name="path"/>, then posts the form named <paramref name="formName"/> with its antiforgery token and <paramref name="fields"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string path, string formName, IDictionary<string, string> fields, string? postPath = null)
    {
        var page = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = AntiforgeryToken(html),
        };
        return await client.PostAsync(postPath ?? path, new FormUrlEncodedContent(form));
    }

    public static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on the page."));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
