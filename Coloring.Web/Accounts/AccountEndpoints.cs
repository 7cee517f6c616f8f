using Coloring.Domain.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Coloring.Web.Accounts;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a POST with an antiforgery token, so another site cannot sign people out.</summary>
    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/sign-out", async (SignInManager<ColoringUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(LocalUrl.OrHome(returnUrl));
        });
    }
}
