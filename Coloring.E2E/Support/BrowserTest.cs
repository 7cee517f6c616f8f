using Coloring.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Support;

/// <summary>
/// Base for browser tests: a fresh browser context (own cookies) per test on the shared app, fresh
/// e-mail addresses, and the sign-in steps every test needs.
/// </summary>
[Collection(E2ECollection.Name)]
public abstract class BrowserTest(E2EFixture fixture) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    protected E2EFixture Fixture { get; } = fixture;

    protected SmtpCapture Mail => Fixture.Mail;

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
    protected async Task<string> RequestLinkAsync(IPage page, string email, string? returnUrl = null)
    {
        var signIn = new SignInPage(page);
        await signIn.GotoAsync(returnUrl);
        await signIn.RequestLinkAsync(email);
        await new CheckEmailPage(page).ExpectShownAsync();
        return (await Mail.WaitForMessageToAsync(email)).SignInLink;
    }

    /// <summary>Signs in the way a person does: ask for a link, open it from the e-mail, press Continue.</summary>
    protected async Task SignInAsync(IPage page, string email, string? returnUrl = null)
    {
        var link = await RequestLinkAsync(page, email, returnUrl);
        var magic = new MagicLinkPage(page);
        await magic.OpenAsync(link);
        await magic.ContinueAsync();
        await Expect(new AppShell(page).UserMenu).ToContainTextAsync(email);
    }

    /// <summary>The same page as a path on this site, such as <c>/credits</c>.</summary>
    protected string Url(string path) => Fixture.BaseUrl + path;
}
