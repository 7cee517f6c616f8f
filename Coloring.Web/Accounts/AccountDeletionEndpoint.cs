using Coloring.Domain.Accounts;
using Coloring.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Coloring.Web.Accounts;

public static class AccountDeletionEndpoint
{
    /// <summary>
    /// "Delete my account" from the profile page: a POST with an antiforgery token and the account's e-mail
    /// address typed again. Deletes everything of the person, ends this session (other sessions end at their
    /// next check, within a minute, as the account is gone) and lands on the home page with a note.
    /// </summary>
    public static void MapAccountDeletion(this WebApplication app) =>
        app.MapPost("/account/delete", async (HttpContext http, IAntiforgery antiforgery, UserManager<ColoringUser> users,
            SignInManager<ColoringUser> signIn, AccountDeletion deletion) =>
        {
            var post = await FormPost.ReadAsync(http, antiforgery, http.RequestAborted);
            if (!post.IsRead)
            {
                return Results.BadRequest();
            }

            var userId = http.User.FindUserId();
            var user = userId is null ? null : await users.FindByIdAsync(userId.Value.ToString());
            if (user is null)
            {
                await signIn.SignOutAsync();
                return Results.LocalRedirect("/");
            }

            if (!string.Equals(post.Form["confirm"].ToString().Trim(), user.Email, StringComparison.OrdinalIgnoreCase))
            {
                return Results.LocalRedirect("/account/profile");
            }

            await deletion.DeleteAsync(user.Id, http.RequestAborted);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/?account=deleted");
        }).DisableAntiforgery();
}
