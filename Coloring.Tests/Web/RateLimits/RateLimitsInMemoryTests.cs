using System.Net;
using System.Net.Http.Json;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Coloring.Tests.Web.Api;
using Coloring.Web.RateLimits;

namespace Coloring.Tests.Web.RateLimits;

/// <summary>Upload and generation limits through the API, counted in memory (no Redis configured).</summary>
public sealed class RateLimitsInMemoryTests() : ApiTest(DatabaseProvider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = "",
        ["RateLimits:Uploads:PermitLimit"] = "2",
        ["RateLimits:Uploads:Window"] = "01:00:00",
        ["RateLimits:Generations:PermitLimit"] = "2",
        ["RateLimits:Generations:Window"] = "01:00:00",
    };

    [Fact]
    public async Task UploadsOverTheLimitAre429WithRetryAfterAndThePagesAreRefusedToo()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        await UploadAsync(script);
        await UploadAsync(script);

        var refused = await script.PostAsync("/api/upload", PhotoForm(TestImages.Photo("sweets.png")));

        var problem = await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        var retryAfter = (int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(retryAfter, 3500, 3600);
        Assert.Equal(retryAfter, problem.GetProperty("retryAfterSeconds").GetInt32());
        Assert.Contains("You can upload another in 60 minutes", problem.GetProperty("detail").GetString());
        // The Create page asks the same limiter.
        Assert.False((await Get<ActionLimiter>().UploadAsync(userId)).Allowed);
    }

    [Fact]
    public async Task TheUploadLimitOpensAgainAfterItsWindow()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        await UploadAsync(script);
        await UploadAsync(script);
        await AssertProblemAsync(await script.PostAsync("/api/upload", PhotoForm(TestImages.Photo("sweets.png"))), HttpStatusCode.TooManyRequests);

        Clock.Advance(TimeSpan.FromMinutes(61));

        await UploadAsync(script);
    }

    [Fact]
    public async Task APageStartedOnTheCreatePageCountsForTheApiToo()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);
        Assert.True((await Get<ActionLimiter>().GenerationAsync(userId)).Allowed);
        Assert.Equal(HttpStatusCode.Accepted, (await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "toddler" })).StatusCode);

        var refused = await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "kids" });

        var problem = await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("You can start another page in", problem.GetProperty("detail").GetString());
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(2, await Get<CreditLedger>().GetBalanceAsync(userId)); // a refused page costs nothing
    }

    [Fact]
    public async Task RequestsRefusedForOtherReasonsDoNotUseUpTheLimit()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);
        await EmptyBalanceAsync(userId);
        for (var i = 0; i < 3; i++)
        {
            await AssertProblemAsync(await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "kids" }), HttpStatusCode.PaymentRequired);
            await AssertProblemAsync(await script.PostAsJsonAsync("/api/jobs", new { assetId = Guid.NewGuid(), preset = "kids" }), HttpStatusCode.NotFound);
            await AssertProblemAsync(await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "nope" }), HttpStatusCode.BadRequest);
        }

        await Get<CreditLedger>().GrantAsync(userId, 3, CreditReason.Purchase, $"buy-{userId:N}", "test");

        Assert.Equal(HttpStatusCode.Accepted, (await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "toddler" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "kids" })).StatusCode);
        await AssertProblemAsync(await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "detailed" }), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task OnePersonAtTheLimitDoesNotStopAnother()
    {
        var (ann, _, _) = await ScriptAsync("ann@example.com");
        var (bob, _, _) = await ScriptAsync("bob@example.com");
        await UploadAsync(ann);
        await UploadAsync(ann);

        await AssertProblemAsync(await ann.PostAsync("/api/upload", PhotoForm(TestImages.Photo("sweets.png"))), HttpStatusCode.TooManyRequests);
        await UploadAsync(bob);
    }
}

/// <summary>Sign-in link limits on the API and on the sign-in form, counted in memory.</summary>
public sealed class SignInLinkLimitsTests() : ApiTest(DatabaseProvider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = "",
        ["RateLimits:SignInLinks:PermitLimit"] = "2",
        ["RateLimits:SignInLinks:Window"] = "00:15:00",
    };

    [Fact]
    public async Task TheThirdLinkIn15MinutesIs429AndSendsNothing()
    {
        var api = Anonymous();
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/auth/magic-link", new { email = "ann@example.com" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/auth/magic-link", new { email = "ann@example.com" })).StatusCode);
        await Mail.WaitForMessageToAsync("ann@example.com");

        var refused = await api.PostAsJsonAsync("/api/auth/magic-link", new { email = "ann@example.com" });

        var problem = await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.InRange((int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 800, 900);
        Assert.Contains("You can ask for another in 15 minutes", problem.GetProperty("detail").GetString());
        await Task.Delay(500);
        Assert.Equal(2, Mail.Messages.Count);
        Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/auth/magic-link", new { email = "ann@example.com" })).StatusCode);
    }

    [Fact]
    public async Task TheSignInFormSaysWhenAnotherLinkCanBeAskedFor()
    {
        var browser = App.CreateBrowser();
        for (var i = 0; i < 2; i++)
        {
            var sent = await browser.SubmitFormAsync("/account/sign-in", "send-link", new Dictionary<string, string> { ["Input.Email"] = $"user{i}@example.com" });
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        var refused = await browser.SubmitFormAsync("/account/sign-in", "send-link", new Dictionary<string, string> { ["Input.Email"] = "third@example.com" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("You can ask for another in 15 minutes", html);
        Assert.Contains("Send sign-in link", html);
        await Task.Delay(500);
        Assert.DoesNotContain(Mail.Messages, m => m.To.Contains("third@example.com", StringComparison.Ordinal));
    }
}
