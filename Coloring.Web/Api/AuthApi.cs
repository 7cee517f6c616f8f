using Coloring.Domain.Accounts;
using Coloring.Web.Accounts;
using Coloring.Web.RateLimits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coloring.Web.Api;

/// <summary>Asks for a sign-in link by e-mail.</summary>
/// <param name="Email">The address to send the link to.</param>
/// <param name="ReturnUrl">A path on this site to open after signing in; anything else is ignored.</param>
public sealed record MagicLinkRequest(string? Email, string? ReturnUrl = null);

public static class AuthApi
{
    public static void MapAuthApi(this RouteGroupBuilder api) =>
        api.MapPost("/auth/magic-link", SendLinkAsync)
            .AllowAnonymous()
            .Accepts<MagicLinkRequest>("application/json")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Send a sign-in link")
            .WithDescription("E-mails a single-use sign-in link. The answer is 202 whether or not the address has an account. "
                + "Limited per IP address and per e-mail address (429 with Retry-After).")
            .WithTags("Sign-in");

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> SendLinkAsync(
        HttpContext http, SignInLinkSender sender, ActionLimiter limits)
    {
        var (request, problem) = await ApiJson.ReadAsync<MagicLinkRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var email = request!.Email?.Trim();
        if (!EmailAddress.IsValid(email))
        {
            return ApiProblems.Invalid("email", "Enter an e-mail address such as ann@example.com.");
        }

        if (request.ReturnUrl is { } returnUrl && !LocalUrl.IsLocal(returnUrl))
        {
            return ApiProblems.Invalid("returnUrl", "The return address must be a path on this site, such as /create.");
        }

        var decision = await limits.SignInLinkAsync(http.Connection.RemoteIpAddress, email!, http.RequestAborted);
        if (!decision.Allowed)
        {
            return ApiProblems.TooMany(http, decision, $"Too many sign-in links were asked for. You can ask for another {decision.WaitText}.");
        }

        await sender.SendAsync(email!, request.ReturnUrl, http.RequestAborted);
        return TypedResults.Accepted((string?)null);
    }
}
