using Coloring.Domain.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Coloring.Web.Accounts;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        // A POST with an antiforgery token, so another site cannot sign people out. The token is checked
        // here rather than through form binding, so a bad one is a 400 and not an exception.
        app.MapPost("/account/sign-out", async (HttpContext http, IAntiforgery antiforgery, SignInManager<ColoringUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest();
            }

            var form = await http.Request.ReadFormAsync();
            await signIn.SignOutAsync();
            return Results.LocalRedirect(LocalUrl.OrHome(form["returnUrl"]));
        }).DisableAntiforgery();
    }
}
