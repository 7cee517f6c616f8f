using Coloring.Domain.Accounts;
using Coloring.Domain.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Support;

/// <summary>
/// Base for tests of the whole app: a fresh database of the given provider, a real SMTP server on
/// loopback, the app on an adjustable real-time clock, and a way to sign in as a browser does.
/// </summary>
public abstract class AppTest(DatabaseProvider provider) : IAsyncLifetime
{
    protected AdjustableClock Clock { get; } = new();

    protected TestDatabase Database { get; private set; } = null!;

    protected TestMailServer Mail { get; private set; } = null!;

    protected ColoringAppFactory App { get; private set; } = null!;

    /// <summary>Settings this test class adds to the app's configuration.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        Mail = new TestMailServer();
        App = new ColoringAppFactory(Database, Mail, Clock, settings: Settings);
    }

    public virtual async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Mail.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Asks for a link for <paramref name="email"/> and returns the link's path and query from the e-mail.</summary>
    protected async Task<string> LinkForAsync(HttpClient browser, string email, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string> { ["Input.Email"] = email };
        if (returnUrl is not null)
        {
            fields["Input.ReturnUrl"] = returnUrl;
        }

        var sent = await browser.SubmitFormAsync("/account/sign-in", "send-link", fields);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, sent.StatusCode);
        var message = await Mail.WaitForMessageToAsync(email);
        Mail.Forget(message);
        return new Uri(message.SignInLink).PathAndQuery;
    }

    /// <summary>Presses Continue on a link's page.</summary>
    protected static Task<HttpResponseMessage> ContinueAsync(HttpClient browser, string link) =>
        browser.SubmitFormAsync(link, "continue", new Dictionary<string, string> { ["Input.Token"] = TokenOf(link) });

    protected static string TokenOf(string link) => link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];

    /// <summary>A browser signed in as <paramref name="email"/> (a new account on first use), and the user's id.</summary>
    protected async Task<(HttpClient Browser, Guid UserId)> SignedInAsync(string email)
    {
        var browser = App.CreateBrowser();
        await ContinueAsync(browser, await LinkForAsync(browser, email));
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>();
        return (browser, (await users.FindByEmailAsync(email))!.Id);
    }

    /// <summary>A signed-in browser whose API calls come from the site's own pages (as fetch from a page sends them).</summary>
    protected async Task<(HttpClient Browser, Guid UserId)> BrowserAsync(string email)
    {
        var (browser, userId) = await SignedInAsync(email);
        browser.DefaultRequestHeaders.Add("Sec-Fetch-Site", "same-origin");
        return (browser, userId);
    }
}
