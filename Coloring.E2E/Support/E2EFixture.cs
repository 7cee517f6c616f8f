using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Coloring.E2E.Support;

/// <summary>
/// One app, one SMTP capture and one Chromium for all browser tests. Tests stay independent by using
/// fresh e-mail addresses and a fresh browser context (its own cookies) each.
/// </summary>
public sealed class E2EFixture : IAsyncLifetime
{
    public TestMailServer Mail { get; private set; } = default!;

    public AdjustableClock Clock { get; } = new();

    public ColoringAppFactory App { get; private set; } = default!;

    /// <summary>The fake Stripe the app buys credits from; its hosted page delivers webhooks to the app's real port.</summary>
    public FakeStripe Stripe { get; private set; } = default!;

    public IPlaywright Playwright { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>The address the browser uses, without a trailing slash.</summary>
    public string BaseUrl => App.BaseUrl;

    public async Task InitializeAsync()
    {
        // A shared 2-core machine is slow at times; auto-waiting assertions get room instead of sleeps.
        Assertions.SetDefaultExpectTimeout(15_000);

        Mail = new TestMailServer();
        Stripe = new FakeStripe(Clock);
        App = new ColoringAppFactory(Mail.Port, Clock, Stripe.Settings);
        App.StartServer();
        Stripe.Webhooks = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };

        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var port = new Uri(App.BaseUrl).Port;
        if (!addresses.Any(a => new Uri(a).Port == port))
        {
            throw new InvalidOperationException($"The app listens on {string.Join(", ", addresses)}, not on port {port}.");
        }

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            // Debian's Chromium; the Playwright browser download is never run (no internet here).
            ExecutablePath = Environment.GetEnvironmentVariable("COLORING_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Mail is not null)
        {
            await Mail.DisposeAsync();
        }

        if (Stripe is not null)
        {
            Stripe.Webhooks?.Dispose();
            await Stripe.DisposeAsync();
        }
    }
}

/// <summary>Sign-in tests; some move the app's clock forward (an expiring link).</summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<E2EFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// Tests that make pages get an app of their own whose clock never moves. Quartz takes the app's
/// TimeProvider while the job scheduler stamps triggers with the real time: once a sign-in test had moved
/// the shared clock 11 minutes on, a generation made the test host grow by gigabytes a minute.
/// </summary>
[CollectionDefinition(Name)]
public sealed class JobsCollection : ICollectionFixture<E2EFixture>
{
    public const string Name = "Jobs";
}
