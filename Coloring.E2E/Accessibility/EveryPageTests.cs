using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Accessibility;

/// <summary>
/// Every page, signed out, signed in and as an admin, in light and dark colours: axe-core finds no serious or
/// critical accessibility problem, and a screenshot of each at desktop and phone width is kept for people to
/// look at. One app and one browser (the collection's) serve them all.
/// </summary>
[Collection(JobsCollection.Name)]
public sealed class EveryPageTests(E2EFixture fixture) : BrowserTest(fixture)
{
    private const string DarkBackground = "rgb(18, 18, 18)";

    private readonly List<string> _problems = [];

    [Fact]
    public async Task EveryPageAVisitorSeesPassesTheAxeCheckInLightAndDarkColours()
    {
        string[] pages = ["/", "/account/sign-in", "/privacy", "/terms", "/contact", "/api/docs", "/no-such-page", "/error"];
        foreach (var dark in new[] { false, true })
        {
            var page = await ColoursPageAsync(dark);
            foreach (var path in pages)
            {
                await CheckAsync(page, path, dark);
            }

            // The pages on the way in: "check your e-mail" and the link's Continue page.
            var email = NewEmail(dark ? "dark-visitor" : "visitor");
            var link = await RequestLinkAsync(page, email);
            await CheckHereAsync(page, "account-check-email", dark);
            await page.GotoAsync(link);
            await CheckHereAsync(page, "account-magic", dark);
        }

        Assert.True(_problems.Count == 0, string.Join("\n", _problems));
    }

    [Fact]
    public async Task EveryPageASignedInPersonAndAnAdminSeesPassesTheAxeCheckInLightAndDarkColours()
    {
        var admin = await ColoursPageAsync(dark: false);
        ForgetMailTo(ColoringAppFactory.AdminEmail);
        await SignInAsync(admin, ColoringAppFactory.AdminEmail);
        var jobId = await MakePageAsync(admin, TestPhotos.Sweets);
        var adminId = await UserIdAsync(ColoringAppFactory.AdminEmail);

        var darkAdmin = await ColoursPageAsync(dark: true);
        ForgetMailTo(ColoringAppFactory.AdminEmail);
        await SignInAsync(darkAdmin, ColoringAppFactory.AdminEmail);

        string[] pages =
        [
            "/", "/create", "/jobs", $"/jobs/{jobId}", "/credits", "/credits/bought", "/account/profile", "/api/docs",
            "/admin", "/admin/users", $"/admin/users/{adminId}", "/admin/jobs", $"/admin/jobs/{jobId}", "/admin/flags",
            "/admin/storage", "/admin/audit", "/admin/payments", "/privacy", "/no-such-page",
        ];
        foreach (var (page, dark) in new[] { (admin, false), (darkAdmin, true) })
        {
            foreach (var path in pages)
            {
                await CheckAsync(page, path, dark, signedIn: true);
            }
        }

        Assert.True(_problems.Count == 0, string.Join("\n", _problems));
    }

    [Fact]
    public async Task ANewTokenIsCopiedWithOneButtonAndASnackbarSaysSo()
    {
        await Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await SignInAsync(Page, NewEmail("copier"));
        var profile = new ProfilePage(Page);
        await profile.GotoAsync();
        await ClickWhenInteractiveAsync(profile.CreateToken, () => Expect(profile.NewSecret).ToBeVisibleAsync(new() { Timeout = 2_000 }),
            before: () => profile.TokenNameField.FillAsync("copied script"));
        var secret = (await profile.NewSecret.InnerTextAsync()).Trim();

        await profile.CopyToken.ClickAsync();

        await Expect(Page.GetByText("Token copied.")).ToBeVisibleAsync();
        Assert.Equal(secret, await Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await CheckHereAsync(Page, "profile-token-copied", dark: false);
        Assert.True(_problems.Count == 0, string.Join("\n", _problems));
    }

    [Fact]
    public async Task TheDarkColoursChosenWithTheToggleAreRememberedAndColoringPagesStayWhite()
    {
        await SignInAsync(Page, NewEmail("night-owl"));
        await Page.GotoAsync("/");
        var toggle = Page.GetByTestId("colours-toggle");
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");

        await ClickWhenInteractiveAsync(toggle, () => Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = 2_000 }));
        await ExpectBackgroundAsync(Page, DarkBackground);

        // A new page load is rendered dark by the server, before any script runs.
        var cookies = await Page.Context.CookiesAsync();
        using var plain = new HttpClient();
        plain.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
        var html = await plain.GetStringAsync(Fixture.BaseUrl + "/");
        Assert.Matches("data-testid=\"colours-toggle\"[^>]*aria-pressed=\"true\"|aria-pressed=\"true\"[^>]*data-testid=\"colours-toggle\"", html);
        await Page.ReloadAsync();
        await ExpectBackgroundAsync(Page, DarkBackground);
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");

        // The examples are coloring pages: black lines on white paper in dark colours too.
        var example = Page.Locator("img.example-image").First;
        Assert.Equal("rgb(255, 255, 255)", await example.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
    }

    [Fact]
    public async Task TheSkipLinkComesFirstAndTheClosedDrawersLinksTakeNoFocus()
    {
        await Page.GotoAsync("/");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        // First in the tab order, hidden until it has focus.
        var skip = Page.GetByRole(AriaRole.Link, new() { Name = "Skip to the page" });
        Assert.Equal("skip-link", await Page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
                .find(e => e.tabIndex >= 0 && !e.closest('[inert]') && e.getClientRects().length > 0)?.className
            """));
        await Expect(skip).Not.ToBeInViewportAsync();

        // Focused, it comes into view. The page's interactive start may redraw the layout and take the focus away
        // once, so a lost focus is given back (a few times at most) before the link must show.
        for (var attempt = 1; ; attempt++)
        {
            await skip.FocusAsync();
            try
            {
                await Expect(skip).ToBeInViewportAsync(new() { Timeout = 3000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 4)
            {
            }
        }

        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#main-content")).ToBeFocusedAsync();

        // The closed drawer's links are off-screen: focusing one must do nothing.
        var drawerLink = Page.Locator(".mud-drawer a").First;
        await drawerLink.FocusAsync();
        Assert.False(await drawerLink.EvaluateAsync<bool>("a => document.activeElement === a"), "A link of the closed drawer took focus.");
        for (var i = 0; i < 12; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            Assert.False(await Page.EvaluateAsync<bool>("() => !!document.activeElement?.closest('.mud-drawer')"), "Tab reached the closed drawer.");
        }
    }

    /// <summary>A tab whose system setting is light or dark (the app follows it when nobody has chosen).</summary>
    private async Task<IPage> ColoursPageAsync(bool dark)
    {
        var page = await NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light });
        return page;
    }

    private async Task CheckAsync(IPage page, string path, bool dark, bool signedIn = false)
    {
        await page.GotoAsync(path);
        var name = (signedIn ? "in" : "out") + (path == "/" ? "-home" : path.Replace('/', '-')).Replace("--", "-");
        name = System.Text.RegularExpressions.Regex.Replace(name, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "one");

        await CheckHereAsync(page, name, dark);
    }

    private void ForgetMailTo(string address)
    {
        foreach (var message in Mail.MessagesTo(address))
        {
            Mail.Forget(message);
        }
    }

    private async Task CheckHereAsync(IPage page, string name, bool dark)
    {
        await Expect(page.Locator("h1").First).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"\S"));
        if (dark)
        {
            await ExpectBackgroundAsync(page, DarkBackground);
        }

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        foreach (var problem in await Axe.SeriousViolationsAsync(page))
        {
            _problems.Add($"{page.Url} ({(dark ? "dark" : "light")}): {problem}");
        }

        await Screenshots.CaptureAsync(page, $"a11y-{name.Trim('-')}-{(dark ? "dark" : "light")}");
    }

    private static Task ExpectBackgroundAsync(IPage page, string colour) =>
        page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor === '{colour}'", null, new() { Timeout = 15_000 });

    /// <summary>Clicks until <paramref name="done"/> holds: a click before the circuit connects does nothing.</summary>
    private static async Task ClickWhenInteractiveAsync(ILocator button, Func<Task> done, Func<Task>? before = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (before is not null)
            {
                await before();
            }

            await button.ClickAsync();
            try
            {
                await done();
                return;
            }
            catch (PlaywrightException) when (attempt < 8)
            {
            }
        }
    }
}
