using Microsoft.Extensions.Options;

namespace Coloring.Web.Infrastructure;

/// <summary>Settings under <c>App</c>.</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>The absolute address people reach the site at, used for links in e-mails.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Addresses or networks of the reverse proxies in front of the app, whose X-Forwarded-For and
    /// X-Forwarded-Proto headers are believed (see <see cref="ReverseProxyExtensions"/>). Empty: none.</summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>Builds an absolute link to <paramref name="relative"/> under <see cref="BaseUrl"/>.</summary>
    public string Link(string relative) => $"{BaseUrl!.TrimEnd('/')}/{relative.TrimStart('/')}";
}

/// <summary>Fails start-up in Production when a required setting is missing, naming the key.</summary>
internal sealed class AppOptionsValidator(IHostEnvironment environment) : IValidateOptions<AppOptions>
{
    public ValidateOptionsResult Validate(string? name, AppOptions options)
    {
        TrustedProxies.Parse(options.TrustedProxies, out var invalid);
        if (invalid.Count > 0)
        {
            return ValidateOptionsResult.Fail($"App:TrustedProxies must list IP addresses or networks such as 10.0.0.5 or 10.0.0.0/8; got '{string.Join("', '", invalid)}'.");
        }

        if (string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            return environment.IsProduction()
                ? ValidateOptionsResult.Fail("App:BaseUrl is required in Production (the absolute address used in sign-in e-mails, such as https://coloring.example.com).")
                : ValidateOptionsResult.Success;
        }

        return Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"App:BaseUrl must be an absolute http(s) address; got '{options.BaseUrl}'.");
    }
}
