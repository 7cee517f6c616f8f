using System.Net;
using System.Text.Json;
using Coloring.Tests.Support;
using Microsoft.AspNetCore.Http;

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
    public async Task InDevelopmentWithoutSmtpTheSignInLinkWaitsInTheMailboxForThisMachineOnly()
    {
        await using var app = StartApp(environment: "Development");
        var browser = app.CreateBrowser();

        var sent = await browser.SubmitFormAsync("/account/sign-in", "send-link", new Dictionary<string, string> { ["Input.Email"] = "newcomer@example.com" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var mailbox = "";
        for (var i = 0; i < 50 && !mailbox.Contains("/account/magic?token=", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100); // the outbox delivers in the background
            mailbox = (await MailboxAsync(app, IPAddress.Loopback)).Body;
        }

        Assert.Contains("newcomer@example.com", mailbox);
        Assert.Contains($"{ColoringAppFactory.BaseUrl}/account/magic?token=", mailbox);
        Assert.Contains("made on this machine (loopback)", mailbox);
        Assert.Equal(200, (await MailboxAsync(app, IPAddress.IPv6Loopback)).Status);
    }

    [Theory]
    [InlineData("192.0.2.10", null)]
    [InlineData("10.0.0.5", null)]
    [InlineData("2001:db8::1", null)]
    [InlineData("127.0.0.1", "203.0.113.7")]
    public async Task TheDevelopmentMailboxIsNotFoundFromAnotherMachineOrThroughAProxy(string from, string? forwardedFor)
    {
        await using var app = StartApp(environment: "Development");
        await app.CreateBrowser().SubmitFormAsync("/account/sign-in", "send-link", new Dictionary<string, string> { ["Input.Email"] = "victim@example.com" });
        await Task.Delay(500);

        var (status, body) = await MailboxAsync(app, IPAddress.Parse(from), forwardedFor);

        Assert.Equal(404, status);
        Assert.DoesNotContain("/account/magic?token=", body);
        Assert.DoesNotContain("victim@example.com", body);
    }

    [Fact]
    public async Task WithoutAKnownClientAddressTheDevelopmentMailboxIsNotFound()
    {
        await using var app = StartApp(environment: "Development");

        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowser().GetAsync("/dev/mailbox")).StatusCode);
    }

    private static async Task<(int Status, string Body)> MailboxAsync(ColoringAppFactory app, IPAddress from, string? forwardedFor = null)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = from;
            c.Request.Method = "GET";
            c.Request.Scheme = "https";
            c.Request.Host = new HostString("localhost");
            c.Request.Path = "/dev/mailbox";
            if (forwardedFor is not null)
            {
                c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }
        });
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }
}
