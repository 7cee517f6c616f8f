using Coloring.Web.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Coloring.Web.Components.Shared;

/// <summary>
/// Base of every page for signed-in people. It resolves the person (<see cref="UserId"/>), knows their time zone
/// (<see cref="Show(DateTimeOffset)"/>, loaded once the page is interactive), and owns the page's live
/// subscriptions: <see cref="Watch"/> keeps one until the page closes, and <see cref="OnPage"/> runs what a
/// message changes on the page's own renderer, reporting a failure to the error boundary.
/// </summary>
public abstract class SignedInPage : ComponentBase, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The viewer's time zone, from the layout; null (UTC) when rendered without it.</summary>
    [CascadingParameter]
    protected LocalTime? Time { get; set; }

    /// <summary>The signed-in person, known from <see cref="OnSignedInAsync"/> on; null only for a page rendered without a sign-in.</summary>
    protected Guid? SignedInId { get; private set; }

    /// <summary>True once the page is interactive; false while it is only prerendered HTML, whose buttons do nothing yet.</summary>
    protected bool IsInteractive { get; private set; }

    /// <summary>The signed-in person (the pages are <c>[Authorize]</c>, so there is one).</summary>
    protected Guid UserId => SignedInId ?? throw new InvalidOperationException("No signed-in user.");

    protected override async Task OnInitializedAsync()
    {
        SignedInId = (await AuthenticationState).User.FindUserId();
        await OnSignedInAsync();
    }

    /// <summary>Loads the page's data, once the person is known.</summary>
    protected virtual Task OnSignedInAsync() => Task.CompletedTask;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        IsInteractive = true;
        StartWatching();
        if (Time is not null)
        {
            await Time.LoadAsync();
        }

        StateHasChanged();
    }

    /// <summary>
    /// Called once, when the page is interactive and has rendered its first state: the place to <see cref="Watch"/>
    /// what it shows. (<c>LiveUpdatesExtensions.Watch</c> then looks once more, so nothing changed in between is missed.)
    /// </summary>
    protected virtual void StartWatching()
    {
    }

    /// <summary>Keeps <paramref name="subscription"/> until the page closes.</summary>
    protected void Watch(IDisposable subscription) => _subscriptions.Add(subscription);

    /// <summary>Runs <paramref name="change"/> on the page's renderer, then renders; a failure goes to the error boundary.</summary>
    protected Task OnPage(Func<Task> change) => InvokeAsync(async () =>
    {
        try
        {
            await change();
            StateHasChanged();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    /// <summary>A date in the viewer's time.</summary>
    protected string Show(DateTimeOffset at) => LocalTime.Show(Time, at);

    /// <summary>A date in the viewer's time, or a dash.</summary>
    protected string Show(DateTimeOffset? at) => at is { } value ? Show(value) : "–";

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _subscriptions.Clear();
        GC.SuppressFinalize(this);
    }
}
