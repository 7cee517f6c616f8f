using Coloring.Domain.Accounts;
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

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> SendLinkAsync(HttpContext http, SignInLinkRequests links)
    {
        var (request, problem) = await ApiJson.ReadAsync<MagicLinkRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        return Answer(http, await links.AskAsync(request!.Email, request.ReturnUrl, http.Connection.RemoteIpAddress, http.RequestAborted));
    }

    /// <summary>The HTTP answer for each outcome of asking for a sign-in link.</summary>
    private static Results<Accepted, ValidationProblem, ProblemHttpResult> Answer(HttpContext http, SignInLinkRequest result) => result.Refusal switch
    {
        null => TypedResults.Accepted((string?)null),
        SignInLinkRefusal.InvalidEmail => ApiProblems.Invalid("email", result.Message!),
        _ => ApiProblems.TooMany(http, result.RetryAfterSeconds, result.Message!),
    };
}
