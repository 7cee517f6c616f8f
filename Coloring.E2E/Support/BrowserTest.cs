using Coloring.Domain.Accounts;
using Coloring.Domain.Credits;
using Coloring.E2E.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Support;

/// <summary>
/// Base for browser tests: a fresh browser context (own cookies) per test on the shared app, fresh
/// e-mail addresses, and the sign-in steps every test needs.
/// </summary>
/// <remarks>Each test class names its collection (<see cref="E2ECollection"/> or <see cref="JobsCollection"/>).</remarks>
public abstract class BrowserTest(E2EFixture fixture) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    protected E2EFixture Fixture { get; } = fixture;

    protected TestMailServer Mail => Fixture.Mail;

    /// <summary>The first browser's tab; <see cref="NewPageAsync"/> opens another browser (its own cookies).</summary>
    protected IPage Page { get; private set; } = default!;

    public async Task InitializeAsync() => Page = await NewPageAsync();

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    /// <summary>A tab in a new, empty browser profile: nobody is signed in.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await Fixture.Browser.NewContextAsync(new()
        {
            BaseURL = Fixture.BaseUrl,
            ViewportSize = Screenshots.Desktop,
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>An address nobody has used, so tests never see each other's accounts or e-mails.</summary>
    protected static string NewEmail(string who) => $"{who}-{Guid.NewGuid():N}@example.com";

    /// <summary>Asks for a link on the sign-in page and returns it from the e-mail that arrives.</summary>
    protected Task<string> RequestLinkAsync(IPage page, string email, string? returnUrl = null) =>
        Journey.RequestLinkAsync(page, Mail, email, returnUrl);

    /// <summary>Signs in the way a person does: ask for a link, open it from the e-mail, press Continue.</summary>
    protected Task SignInAsync(IPage page, string email, string? returnUrl = null) =>
        Journey.SignInAsync(page, Mail, email, returnUrl);

    /// <summary>
    /// Makes a page the way a parent does: choose the photo on /create, press Generate, and wait on the job
    /// page until the finished page shows. Returns the job's id.
    /// </summary>
    protected static Task<Guid> MakePageAsync(IPage page, string photo, Func<CreatePage, Task>? choose = null) =>
        Journey.MakePageAsync(page, photo, choose);

    /// <summary>Room for the engine on a busy shared 2-core machine; an auto-wait, so a quick page costs nothing.</summary>
    protected const float GenerationTimeout = Journey.GenerationTimeout;

    /// <summary>The account id behind an address that has signed in.</summary>
    protected async Task<Guid> UserIdAsync(string email)
    {
        await using var scope = Fixture.App.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>().FindByEmailAsync(email);
        return user?.Id ?? throw new InvalidOperationException($"{email} has no account.");
    }

    /// <summary>Takes all credits away, as support would (the domain ledger; no UI for it yet).</summary>
    protected async Task RemoveAllCreditsAsync(string email)
    {
        var userId = await UserIdAsync(email);
        var ledger = Fixture.App.Services.GetRequiredService<CreditLedger>();
        var balance = await ledger.GetBalanceAsync(userId);
        var result = await ledger.GrantAsync(userId, -balance, CreditReason.AdminGrant, $"e2e-empty:{Guid.NewGuid():N}", "e2e", "emptied by a test");
        Assert.Equal(LedgerResult.Applied, result);
    }

    /// <summary>The same page as a path on this site, such as <c>/credits</c>.</summary>
    protected string Url(string path) => Fixture.BaseUrl + path;
}
