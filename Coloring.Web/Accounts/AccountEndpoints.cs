using Coloring.Domain.Accounts;
using Coloring.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Coloring.Web.Accounts;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        // A POST with an antiforgery token, so another site cannot sign people out.
        app.MapPost("/account/sign-out", async (HttpContext http, IAntiforgery antiforgery, SignInManager<ColoringUser> signIn) =>
        {
            var post = await FormPost.ReadAsync(http, antiforgery, http.RequestAborted);
            if (!post.IsRead)
            {
                return Results.BadRequest();
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect(LocalUrl.OrHome(post.Form["returnUrl"]));
        }).DisableAntiforgery();
    }
}
