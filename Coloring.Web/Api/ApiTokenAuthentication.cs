using System.Security.Claims;
using System.Text.Encodings.Web;
using Coloring.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Coloring.Web.Api;

/// <summary>
/// <c>Authorization: Bearer col_…</c> with a personal API token: the token's owner, with the same claims
/// (id, name, roles, security stamp) the sign-in cookie gives. Unknown or revoked tokens, and tokens of
/// locked or deleted accounts, are refused.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokens tokens,
    UserManager<ColoringUser> users,
    IUserClaimsPrincipalFactory<ColoringUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>The scheme the app authenticates with: the API token when a bearer header is sent, the cookie otherwise.</summary>
    public const string CookieOrToken = "CookieOrApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryReadBearer(Request, out var secret))
        {
            return AuthenticateResult.NoResult();
        }

        var userId = await tokens.AuthenticateAsync(secret, Context.RequestAborted);
        var user = userId is null ? null : await users.FindByIdAsync(userId.Value.ToString());
        if (user is null)
        {
            return AuthenticateResult.Fail("The API token is not valid.");
        }

        var cookieLike = await principals.CreateAsync(user);
        var identity = new ClaimsIdentity(cookieLike.Claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    /// <summary>True when the request carries <c>Authorization: Bearer …</c> (whatever follows).</summary>
    public static bool HasBearer(HttpRequest request) => TryReadBearer(request, out _);

    /// <summary>True when the request was authenticated by an API token rather than the cookie.</summary>
    public static bool IsTokenCaller(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, AuthenticationType: SchemeName };

    private static bool TryReadBearer(HttpRequest request, out string secret)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = header["Bearer ".Length..].Trim();
            return true;
        }

        secret = "";
        return false;
    }
}
