using Coloring.Domain.Accounts;
using Coloring.Web.Accounts;
using Coloring.Engine;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coloring.Web.Api;

/// <summary>What a person has done here.</summary>
/// <param name="Jobs">Pages kept (deleted pages are not counted).</param>
/// <param name="Succeeded">Pages made.</param>
/// <param name="Failed">Pages that could not be made (refunded).</param>
/// <param name="SuccessRate">Made out of finished, 0 to 1; null before any page finished.</param>
/// <param name="CreditsSpent">Credits paid for pages, less refunds.</param>
public sealed record ProfileStats(int Jobs, int Succeeded, int Failed, double? SuccessRate, int CreditsSpent);

/// <summary>Your account.</summary>
/// <param name="Email">The address you sign in with.</param>
/// <param name="DisplayName">The name you are called by.</param>
/// <param name="CreatedAt">When the account was made.</param>
/// <param name="LastLoginAt">When you last signed in.</param>
/// <param name="Balance">Credits left.</param>
/// <param name="DeletePhotosAfterSuccess">Each photo is deleted as soon as its page is made.</param>
/// <param name="Stats">What you have done here.</param>
/// <param name="Paper">The paper you print on: <c>a4</c>, <c>letter</c>, or <c>ask</c> (not chosen: asked each time).</param>
public sealed record ProfileResponse(
    string Email,
    string DisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastLoginAt,
    int Balance,
    bool DeletePhotosAfterSuccess,
    string Paper,
    ProfileStats Stats);

/// <summary>Changes to the profile; leave out what stays.</summary>
/// <param name="DisplayName">The name to be called by, 1 to 80 characters.</param>
/// <param name="DeletePhotosAfterSuccess">Delete each photo as soon as its page is made.</param>
/// <param name="Paper">The paper you print on, used for new pages and PDFs: <c>a4</c>, <c>letter</c>, or <c>ask</c> to be asked each time.</param>
public sealed record ProfilePatch(string? DisplayName = null, bool? DeletePhotosAfterSuccess = null, string? Paper = null);

public static class ProfileApi
{
    private const string AskForPaper = "ask";

    public static void MapProfileApi(this RouteGroupBuilder api)
    {
        var profile = api.MapGroup("/user/profile").WithTags("Profile");
        profile.MapGet("/", GetAsync).WithSummary("Your profile and statistics");
        profile.MapPatch("/", PatchAsync)
            .Accepts<ProfilePatch>("application/json")
            .WithSummary("Change your display name, photo setting or paper");
    }

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GetAsync(HttpContext http, AccountProfile profiles, AccountSettings settings)
    {
        var userId = http.User.GetUserId();
        var profile = await profiles.GetAsync(userId, http.RequestAborted);
        return profile is null
            ? ApiProblems.NotFound("This account no longer exists.")
            : TypedResults.Ok(View(profile, await settings.GetPaperAsync(userId, http.RequestAborted)));
    }

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        HttpContext http, AccountProfile profiles, AccountSettings settings)
    {
        var (patch, problem) = await ApiJson.ReadAsync<ProfilePatch>(http);
        if (problem is not null)
        {
            return problem;
        }

        if (patch!.DisplayName is null && patch.DeletePhotosAfterSuccess is null && patch.Paper is null)
        {
            return ApiProblems.Invalid("body", "Send displayName, deletePhotosAfterSuccess, paper, or several of them.");
        }

        Paper? paper = null;
        if (patch.Paper is not null && !TryParsePaperChoice(patch.Paper, out paper))
        {
            return ApiProblems.Invalid("paper", "Paper is a4, letter, or ask (to be asked each time).");
        }

        if (patch.DisplayName is not null && AccountProfile.CheckDisplayName(patch.DisplayName) is { } nameProblem)
        {
            return ApiProblems.Invalid("displayName", nameProblem);
        }

        var userId = http.User.GetUserId();
        if (patch.DisplayName is not null)
        {
            await profiles.RenameAsync(userId, patch.DisplayName, http.RequestAborted);
        }

        if (patch.DeletePhotosAfterSuccess is { } deletePhotos)
        {
            await settings.SetDeletePhotosAfterSuccessAsync(userId, deletePhotos, http.RequestAborted);
        }

        if (patch.Paper is not null)
        {
            await settings.SetPaperAsync(userId, paper, http.RequestAborted);
        }

        var profile = await profiles.GetAsync(userId, http.RequestAborted);
        return profile is null
            ? ApiProblems.NotFound("This account no longer exists.")
            : TypedResults.Ok(View(profile, await settings.GetPaperAsync(userId, http.RequestAborted)));
    }

    /// <summary>"a4", "letter" (case-insensitive), or "ask" for no choice.</summary>
    private static bool TryParsePaperChoice(string text, out Paper? paper)
    {
        paper = null;
        if (text.Trim().Equals(AskForPaper, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Length > 16 || !PageOptionNames.TryParsePaper(text, out var chosen))
        {
            return false;
        }

        paper = chosen;
        return true;
    }

    private static ProfileResponse View(ProfileView p, Paper? paper) =>
        new(p.Email, p.DisplayName, p.CreatedAt, p.LastSignInAt, p.Balance, p.DeletePhotosAfterSuccess,
            paper switch { Paper.A4 => "a4", Paper.Letter => "letter", _ => AskForPaper },
            new ProfileStats(p.Statistics.Jobs, p.Statistics.Succeeded, p.Statistics.Failed, p.Statistics.SuccessRate, p.Statistics.CreditsSpent));
}
