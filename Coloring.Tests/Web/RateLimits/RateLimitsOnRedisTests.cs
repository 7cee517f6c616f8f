using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coloring.Domain.Data;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Coloring.Tests.Web.Api;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Coloring.Tests.Web.RateLimits;

/// <summary>Limits counted in Redis: they hold across instances.</summary>
public sealed class RateLimitsOnRedisTests() : ApiTest(DatabaseProvider.Postgres)
{
    private static string SharedRedis => Environment.GetEnvironmentVariable("COLORING_TEST_REDIS")
        ?? throw new InvalidOperationException("COLORING_TEST_REDIS is not set: run the tests with ./test.sh, which starts Redis.");

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = SharedRedis,
        ["RateLimits:Uploads:PermitLimit"] = "2",
        ["RateLimits:Uploads:Window"] = "01:00:00",
    };

    [Fact]
    public async Task OverTheLimitIs429AndTheCountIsKeptInRedis()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        await UploadAsync(script);
        await UploadAsync(script);

        var refused = await script.PostAsync("/api/upload", PhotoForm(TestImages.Photo("sweets.png")));

        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.InRange((int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 3500, 3600);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(SharedRedis);
        var count = await redis.GetDatabase().StringGetAsync($"rl:fw:{{coloring:upload:{userId:N}}}");
        Assert.Equal(2, (int)count);
    }

    [Fact]
    public async Task TwoInstancesOnOneRedisShareTheLimit()
    {
        var (first, _, token) = await ScriptAsync("ann@example.com");
        await using var other = new ColoringAppFactory(Database, Mail, Clock, settings: Settings);
        var second = other.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        second.DefaultRequestHeaders.Authorization = new("Bearer", token);

        await UploadAsync(first);
        await UploadAsync(second);

        await AssertProblemAsync(await first.PostAsync("/api/upload", PhotoForm(TestImages.Photo("sweets.png"))), HttpStatusCode.TooManyRequests);
        await AssertProblemAsync(await second.PostAsync("/api/upload", PhotoForm(TestImages.Photo("sweets.png"))), HttpStatusCode.TooManyRequests);
    }
}

/// <summary>
/// Redis stops answering while the site runs: requests are still served, limits go on in memory, and the app
/// warns. Uses a private redis-server of its own (the shared one is never stopped).
/// </summary>
public sealed class RateLimitsWhenRedisStopsTests() : ApiTest(DatabaseProvider.Sqlite)
{
    private readonly int _port = FreePort.Next();
    private readonly CapturedLogs _logs = new();
    private Process? _redis;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = $"127.0.0.1:{_port},connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000",
        ["RateLimits:Uploads:PermitLimit"] = "3",
        ["RateLimits:Uploads:Window"] = "01:00:00",
    };

    [Fact]
    public async Task RequestsAreStillServedAndLimitedInMemoryAndTheAppWarns()
    {
        _redis = Process.Start(new ProcessStartInfo("redis-server", $"--bind 127.0.0.1 --port {_port} --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        await WaitForRedisAsync();
        var app = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(_logs)));
        var (browser, userId) = await SignedInOnAsync(app, "ann@example.com");
        var created = await browser.PostAsync("/api/tokens", RawJson("{\"name\":\"script\"}"));
        var script = app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        script.DefaultRequestHeaders.Authorization = new("Bearer", (await JsonAsync(created)).GetProperty("token").GetString());
        await UploadAsync(script);
        await using (var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port}"))
        {
            Assert.Equal(1, (int)await redis.GetDatabase().StringGetAsync($"rl:fw:{{coloring:upload:{userId:N}}}"));
        }

        _redis.Kill(entireProcessTree: true);
        await _redis.WaitForExitAsync();

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            await UploadAsync(script);
        }

        await AssertProblemAsync(await script.PostAsync("/api/upload", PhotoForm(TestImages.Photo("sweets.png"))), HttpStatusCode.TooManyRequests);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"Requests took {watch.Elapsed} without Redis.");
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/user/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/create")).StatusCode);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith("ActionLimiter", StringComparison.Ordinal));
    }

    public override async Task DisposeAsync()
    {
        if (_redis is { HasExited: false })
        {
            _redis.Kill(entireProcessTree: true);
        }

        _redis?.Dispose();
        await base.DisposeAsync();
    }

    private async Task<(HttpClient Browser, Guid UserId)> SignedInOnAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string email)
    {
        var browser = app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Add("Sec-Fetch-Site", "same-origin");
        var sent = await browser.SubmitFormAsync("/account/sign-in", "send-link", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var link = new Uri((await Mail.WaitForMessageToAsync(email)).SignInLink).PathAndQuery;
        await browser.SubmitFormAsync(link, "continue", new Dictionary<string, string> { ["Input.Token"] = TokenOf(link) });
        var profile = await JsonAsync(await browser.GetAsync("/api/user/profile"));
        Assert.Equal(email, profile.GetProperty("email").GetString());
        using var scope = app.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Coloring.Domain.Accounts.ColoringUser>>().FindByEmailAsync(email);
        return (browser, user!.Id);
    }

    private async Task WaitForRedisAsync()
    {
        for (var i = 0; i < 50; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, _port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("The private redis-server did not start.");
    }
}
