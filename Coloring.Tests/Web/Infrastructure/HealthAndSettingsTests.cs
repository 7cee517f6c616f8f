using System.Net;
using System.Text.Json;
using Coloring.Tests.Support;

namespace Coloring.Tests.Web.Infrastructure;

public sealed class HealthAndSettingsTests : StartedAppTest
{
    private static readonly Dictionary<string, string?> ProductionSettings = new()
    {
        ["App:BaseUrl"] = "https://coloring.example.com",
        ["Email:Smtp:Host"] = "smtp.example.com",
    };

    [Fact]
    public async Task LiveAndReadyAnswerHealthyWithTheDatabaseChecked()
    {
        await using var app = StartApp();
        var client = app.CreateBrowser();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetString());
    }

    [Fact]
    public async Task ReadyChecksRedisWhenItIsConfigured()
    {
        await using var app = StartApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = Environment.GetEnvironmentVariable("COLORING_TEST_REDIS")
                ?? throw new InvalidOperationException("COLORING_TEST_REDIS is not set: run the tests with ./test.sh, which starts Redis."),
        });

        var ready = await app.CreateBrowser().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("redis").GetString());
    }

    [Fact]
    public async Task ReadyFailsButLiveStaysUpWhenRedisIsUnreachable()
    {
        await using var app = StartApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{FreePort.Next()},connectTimeout=500",
        });
        var client = app.CreateBrowser();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Theory]
    [InlineData("App:BaseUrl")]
    [InlineData("Email:Smtp:Host")]
    public async Task ProductionRefusesToStartWithoutARequiredSettingAndNamesIt(string key)
    {
        var settings = new Dictionary<string, string?>
        {
            ["App:BaseUrl"] = "https://coloring.example.com",
            ["Email:Smtp:Host"] = "smtp.example.com",
            [key] = "",
        };
        await using var app = StartApp(settings, "Production");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(key, error.ToString());
    }

    [Fact]
    public async Task ProductionStartsWhenTheRequiredSettingsAreThere()
    {
        await using var app = StartApp(ProductionSettings, "Production");

        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowser().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task TheDevelopmentMailboxDoesNotExistOutsideDevelopment()
    {
        await using var app = StartApp(ProductionSettings, "Production");

        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowser().GetAsync("/dev/mailbox")).StatusCode);
    }

    [Fact]
    public async Task InDevelopmentWithoutSmtpTheSignInLinkWaitsInTheMailbox()
    {
        await using var app = StartApp(environment: "Development");
        var browser = app.CreateBrowser();

        var sent = await browser.SubmitFormAsync("/account/sign-in", "send-link", new Dictionary<string, string> { ["Input.Email"] = "newcomer@example.com" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        string mailbox = "";
        for (var i = 0; i < 50 && !mailbox.Contains("/account/magic?token=", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100); // the outbox delivers in the background
            mailbox = await browser.GetStringAsync("/dev/mailbox");
        }

        Assert.Contains("newcomer@example.com", mailbox);
        Assert.Contains($"{ColoringAppFactory.BaseUrl}/account/magic?token=", mailbox);
    }
}
