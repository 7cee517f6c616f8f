using Coloring.Domain.Accounts;
using Coloring.Web.Accounts;
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
public sealed record ProfileResponse(
    string Email,
    string DisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastLoginAt,
    int Balance,
    bool DeletePhotosAfterSuccess,
    ProfileStats Stats);

/// <summary>Changes to the profile; leave out what stays.</summary>
/// <param name="DisplayName">The name to be called by, 1 to 80 characters.</param>
/// <param name="DeletePhotosAfterSuccess">Delete each photo as soon as its page is made.</param>
public sealed record ProfilePatch(string? DisplayName = null, bool? DeletePhotosAfterSuccess = null);

public static class ProfileApi
{
    public static void MapProfileApi(this RouteGroupBuilder api)
    {
        var profile = api.MapGroup("/user/profile").WithTags("Profile");
        profile.MapGet("/", GetAsync).WithSummary("Your profile and statistics");
        profile.MapPatch("/", PatchAsync)
            .Accepts<ProfilePatch>("application/json")
            .WithSummary("Change your display name or photo setting");
    }

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GetAsync(HttpContext http, AccountProfile profiles)
    {
        var profile = await profiles.GetAsync(http.User.GetUserId(), http.RequestAborted);
        return profile is null ? ApiProblems.NotFound("This account no longer exists.") : TypedResults.Ok(View(profile));
    }

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        HttpContext http, AccountProfile profiles, AccountSettings settings)
    {
        var (patch, problem) = await ApiJson.ReadAsync<ProfilePatch>(http);
        if (problem is not null)
        {
            return problem;
        }

        if (patch!.DisplayName is null && patch.DeletePhotosAfterSuccess is null)
        {
            return ApiProblems.Invalid("body", "Send displayName, deletePhotosAfterSuccess or both.");
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

        var profile = await profiles.GetAsync(userId, http.RequestAborted);
        return profile is null ? ApiProblems.NotFound("This account no longer exists.") : TypedResults.Ok(View(profile));
    }

    private static ProfileResponse View(ProfileView p) =>
        new(p.Email, p.DisplayName, p.CreatedAt, p.LastSignInAt, p.Balance, p.DeletePhotosAfterSuccess,
            new ProfileStats(p.Statistics.Jobs, p.Statistics.Succeeded, p.Statistics.Failed, p.Statistics.SuccessRate, p.Statistics.CreditsSpent));
}
