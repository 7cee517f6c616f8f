using Coloring.Domain.Admin;
using Coloring.Web.Accounts;
using Coloring.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Coloring.Web.Components.Pages.Admin;

/// <summary>
/// Base of every admin page. Whoever is not an admin right now (by the database, not the cookie's copy of the
/// role) gets the app's Not Found page with status 404, on the first request and on interactive navigation,
/// so the admin pages do not even show that they exist. The domain checks again on every action.
/// </summary>
public abstract class AdminPage : ComponentBase
{
    [Inject]
    private AdminAccess Access { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The viewer's time zone, from the layout; null (UTC) when rendered without it.</summary>
    [CascadingParameter]
    protected LocalTime? Time { get; set; }

    /// <summary>The signed-in admin; null for everyone else, who see the Not Found page instead.</summary>
    protected AdminActor? Admin { get; private set; }

    protected sealed override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        Admin = await Access.FindAdminAsync(user.FindUserId());
        if (Admin is null)
        {
            Navigation.NotFound();
            return;
        }

        await OnAdminInitializedAsync();
    }

    /// <summary>Loads the page's data, once the viewer is known to be an admin.</summary>
    protected virtual Task OnAdminInitializedAsync() => Task.CompletedTask;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && Admin is not null && Time is not null)
        {
            await Time.LoadAsync();
            StateHasChanged();
        }
    }

    /// <summary>A date in the viewer's time.</summary>
    protected string Show(DateTimeOffset at) => LocalTime.Show(Time, at);

    /// <summary>A date in the viewer's time, or a dash.</summary>
    protected string Show(DateTimeOffset? at) => at is { } value ? Show(value) : "–";

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

    protected static MudBlazor.Color StatusColor(Coloring.Domain.Jobs.JobStatus status) => status switch
    {
        Coloring.Domain.Jobs.JobStatus.Succeeded => MudBlazor.Color.Success,
        Coloring.Domain.Jobs.JobStatus.Failed => MudBlazor.Color.Error,
        Coloring.Domain.Jobs.JobStatus.Running => MudBlazor.Color.Info,
        Coloring.Domain.Jobs.JobStatus.Queued => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Default,
    };
}
