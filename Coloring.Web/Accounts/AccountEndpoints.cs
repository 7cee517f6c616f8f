using Coloring.Domain.Accounts;
using Coloring.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Coloring.Web.Accounts;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        // A POST with an antiforgery token, so another site cannot sign people out. It ends every session of the
        // account, not only this cookie: a new security stamp makes every copy of the cookie fail its next check
        // (SecurityStampValidatorOptions.ValidationInterval) and ends open pages at their next revalidation.
        app.MapPost("/account/sign-out", async (HttpContext http, IAntiforgery antiforgery, SignInManager<ColoringUser> signIn, UserManager<ColoringUser> users) =>
        {
            var post = await FormPost.ReadAsync(http, antiforgery, http.RequestAborted);
            if (!post.IsRead)
            {
                return Results.BadRequest();
            }

            if (await users.GetUserAsync(http.User) is { } user)
            {
                await users.UpdateSecurityStampAsync(user);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect(LocalUrl.OrHome(post.Form["returnUrl"]));
        }).DisableAntiforgery();
    }
}
