using Coloring.Domain.Accounts;
using Coloring.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coloring.Web.Api;

/// <summary>Names a new token.</summary>
/// <param name="Name">What the token is for, 1 to 60 characters, such as "laptop script".</param>
public sealed record CreateTokenRequest(string? Name);

/// <summary>A personal API token, without its secret.</summary>
public sealed record TokenView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>A token just made. <see cref="Token"/> is shown this once and never again.</summary>
public sealed record CreatedToken(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, string Token);

public static class TokensApi
{
    public static void MapTokensApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("API tokens");
        tokens.MapPost("/", CreateAsync)
            .Accepts<CreateTokenRequest>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Make a personal API token")
            .WithDescription("Only when signed in with the browser, not with another token, so a leaked token cannot make more. "
                + $"The secret is in the answer once. At most {ApiTokens.MaxPerUser} tokens per person.");
        tokens.MapGet("/", ListAsync).WithSummary("Your personal API tokens");
        tokens.MapDelete("/{id:guid}", RevokeAsync).WithSummary("Revoke a token").WithDescription("It stops working at once. Another person's token is 404.");
    }

    private static async Task<Results<Created<CreatedToken>, ValidationProblem, ProblemHttpResult>> CreateAsync(HttpContext http, ApiTokens tokens)
    {
        if (ApiTokenAuthenticationHandler.IsTokenCaller(http.User))
        {
            return ApiProblems.Forbidden("Tokens are made on your profile page, or with the browser's sign-in, not with another token.");
        }

        var (request, problem) = await ApiJson.ReadAsync<CreateTokenRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var result = await tokens.CreateAsync(http.User.GetUserId(), request!.Name, http.RequestAborted);
        return result.Outcome switch
        {
            CreateApiTokenOutcome.Created => TypedResults.Created((string?)null,
                new CreatedToken(result.Token!.Id, result.Token.Name, result.Token.Prefix, result.Token.CreatedAt, result.Secret!)),
            CreateApiTokenOutcome.TooMany => ApiProblems.Conflict(result.Message!),
            _ => ApiProblems.Invalid("name", result.Message!),
        };
    }

    private static async Task<Ok<List<TokenView>>> ListAsync(HttpContext http, ApiTokens tokens) =>
        TypedResults.Ok((await tokens.ListAsync(http.User.GetUserId(), http.RequestAborted))
            .Select(t => new TokenView(t.Id, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt)).ToList());

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, HttpContext http, ApiTokens tokens) =>
        await tokens.RevokeAsync(http.User.GetUserId(), id, http.RequestAborted) ? TypedResults.NoContent() : ApiProblems.NotFound("There is no such token.");
}
