using Coloring.Domain.Admin;
using Coloring.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Coloring.Web.Components.Pages.Admin;

/// <summary>
/// Base of every admin page. Whoever is not an admin right now (by the database, not the cookie's copy of the
/// role) gets the app's Not Found page with status 404, on the first request and on interactive navigation,
/// so the admin pages do not even show that they exist. The domain checks again on every action.
/// </summary>
public abstract class AdminPage : SignedInPage
{
    [Inject]
    private AdminAccess Access { get; set; } = default!;

    /// <summary>The signed-in admin; null for everyone else, who see the Not Found page instead.</summary>
    protected AdminActor? Admin { get; private set; }

    protected sealed override async Task OnSignedInAsync()
    {
        Admin = await Access.FindAdminAsync(SignedInId);
        if (Admin is null)
        {
            Navigation.NotFound();
            return;
        }

        await OnAdminInitializedAsync();
    }

    /// <summary>Loads the page's data, once the viewer is known to be an admin.</summary>
    protected virtual Task OnAdminInitializedAsync() => Task.CompletedTask;

    /// <summary>Starts nothing for someone who is not an admin.</summary>
    protected sealed override void StartWatching()
    {
        if (Admin is not null)
        {
            StartWatchingAsAdmin();
        }
    }

    /// <summary>As <see cref="SignedInPage.StartWatching"/>, for an admin only.</summary>
    protected virtual void StartWatchingAsAdmin()
    {
    }

    protected static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GB",
    };

    protected static string Duration(TimeSpan? span) => span switch
    {
        null => "–",
        { TotalSeconds: < 1 } s => $"{s.TotalMilliseconds:0} ms",
        { TotalSeconds: < 60 } s => $"{s.TotalSeconds:0.0} s",
        { TotalMinutes: < 60 } s => $"{(int)s.TotalMinutes} min {s.Seconds} s",
        { } s => $"{(int)s.TotalHours} h {s.Minutes} min",
    };

    /// <summary>The colour of a job status chip on the admin pages.</summary>
    public static MudBlazor.Color StatusColor(Coloring.Domain.Jobs.JobStatus status) => status switch
    {
        Coloring.Domain.Jobs.JobStatus.Succeeded => MudBlazor.Color.Success,
        Coloring.Domain.Jobs.JobStatus.Failed => MudBlazor.Color.Error,
        Coloring.Domain.Jobs.JobStatus.Running => MudBlazor.Color.Info,
        Coloring.Domain.Jobs.JobStatus.Queued => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Default,
    };
}
