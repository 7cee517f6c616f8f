using System.Net;
using System.Net.Http.Json;
using Coloring.Domain.Accounts;
using Coloring.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Web.Api;

public sealed class TokensApiOnSqliteTests() : TokensApiTests(DatabaseProvider.Sqlite);

public sealed class TokensApiOnPostgresTests() : TokensApiTests(DatabaseProvider.Postgres);

/// <summary><c>POST</c>, <c>GET</c> and <c>DELETE /api/tokens</c>, the bearer scheme, and cross-site protection of cookie calls.</summary>
public abstract class TokensApiTests(DatabaseProvider provider) : ApiTest(provider)
{
    [Fact]
    public async Task ATokenIsShownOnceListedWithoutItsSecretAndActsAsItsOwner()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");

        var created = await browser.PostAsJsonAsync("/api/tokens", new { name = "laptop" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await JsonAsync(created);
        var secret = token.GetProperty("token").GetString()!;
        Assert.StartsWith("col_", secret);
        var listed = await browser.GetStringAsync("/api/tokens");
        Assert.DoesNotContain(secret, listed);
        Assert.Contains(token.GetProperty("prefix").GetString()!, listed);
        var profile = await JsonAsync(await ScriptWith(secret).GetAsync("/api/user/profile"));
        Assert.Equal("ann@example.com", profile.GetProperty("email").GetString());
        var used = await JsonAsync(await ScriptWith(secret).GetAsync("/api/tokens"));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, used[0].GetProperty("lastUsedAt").ValueKind);
        Assert.Equal(userId, (await Get<ApiTokens>().ListAsync(userId)).Single().UserId);
    }

    [Fact]
    public async Task ARevokedTokenStopsWorkingAtOnce()
    {
        var (script, _, secret) = await ScriptAsync("ann@example.com");
        var id = (await JsonAsync(await script.GetAsync("/api/tokens")))[0].GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await script.DeleteAsync($"/api/tokens/{id}")).StatusCode);

        await AssertProblemAsync(await ScriptWith(secret).GetAsync("/api/user/profile"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SomeoneElsesTokenIs404AndKeepsWorking()
    {
        var (owner, _, secret) = await ScriptAsync("owner@example.com");
        var id = (await JsonAsync(await owner.GetAsync("/api/tokens")))[0].GetProperty("id").GetGuid();
        var (stranger, _) = await BrowserAsync("stranger@example.com");

        await AssertProblemAsync(await stranger.DeleteAsync($"/api/tokens/{id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.DeleteAsync($"/api/tokens/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await ScriptWith(secret).GetAsync("/api/user/profile")).StatusCode);
        Assert.Equal(0, (await JsonAsync(await stranger.GetAsync("/api/tokens"))).GetArrayLength());
    }

    [Fact]
    public async Task ATokenCannotMakeAnotherToken()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");

        await AssertProblemAsync(await script.PostAsJsonAsync("/api/tokens", new { name = "sneaky" }), HttpStatusCode.Forbidden);

        Assert.Single(await Get<ApiTokens>().ListAsync(userId));
    }

    [Theory]
    [InlineData("{\"name\":\"\"}", "name")]
    [InlineData("{\"name\":\"bad\\u0000name\"}", "name")]
    [InlineData("{\"name\":7}", "name")]
    [InlineData("{}", "name")]
    [InlineData("nope", "body")]
    public async Task BadNamesAre400s(string body, string field)
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");

        await AssertProblemAsync(await browser.PostAsync("/api/tokens", RawJson(body)), HttpStatusCode.BadRequest, field);

        Assert.Empty(await Get<ApiTokens>().ListAsync(userId));
    }

    [Fact]
    public async Task TheTwentyFirstTokenIsA409()
    {
        var (browser, _) = await BrowserAsync("ann@example.com");
        for (var i = 0; i < ApiTokens.MaxPerUser; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await browser.PostAsJsonAsync("/api/tokens", new { name = $"t{i}" })).StatusCode);
        }

        await AssertProblemAsync(await browser.PostAsJsonAsync("/api/tokens", new { name = "one too many" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ATokenOfALockedAccountIs401()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        await using (var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, Clock.GetUtcNow().AddDays(1)));
        }

        await AssertProblemAsync(await script.GetAsync("/api/user/profile"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ATokenGivesTheSameClaimsAsTheCookieIncludingRoles()
    {
        var (_, userId, secret) = await ScriptAsync("admin@example.com");
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ColoringUser>>();
        await users.AddToRoleAsync((await users.FindByIdAsync(userId.ToString()))!, AccountProvisioner.AdminRole);
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Headers.Authorization = $"Bearer {secret}";

        var result = await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.AuthenticateAsync(http);

        Assert.True(result.Succeeded);
        Assert.Equal("ApiToken", result.Principal!.Identity!.AuthenticationType);
        Assert.Equal(userId.ToString(), result.Principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value);
        Assert.Equal("admin@example.com", result.Principal.Identity.Name);
        Assert.True(result.Principal.IsInRole(AccountProvisioner.AdminRole));
    }

    [Fact]
    public async Task ACookieCallThatChangesThingsFromAnotherSiteIsRefused()
    {
        var (browser, userId) = await SignedInAsync("ann@example.com");

        var noMark = await browser.PostAsJsonAsync("/api/tokens", new { name = "no header" });
        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = JsonContent.Create(new { name = "evil" }) };
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        var sameSite = new HttpRequestMessage(HttpMethod.Patch, "/api/user/profile") { Content = JsonContent.Create(new { displayName = "pwned" }) };
        sameSite.Headers.Add("Sec-Fetch-Site", "same-site");

        await AssertProblemAsync(noMark, HttpStatusCode.Forbidden);
        await AssertProblemAsync(await browser.SendAsync(crossSite), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await browser.SendAsync(sameSite), HttpStatusCode.Forbidden);
        Assert.Empty(await Get<ApiTokens>().ListAsync(userId));
        Assert.Equal("ann", (await Get<AccountProfile>().GetAsync(userId))!.DisplayName);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/tokens")).StatusCode); // reading is fine
    }

    [Fact]
    public async Task ACookieCallWithTheAntiforgeryTokenOfAPageIsAccepted()
    {
        var (browser, userId) = await SignedInAsync("ann@example.com");
        var page = await browser.GetStringAsync("/account/sign-in");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = JsonContent.Create(new { name = "from a page" }) };
        request.Headers.Add("RequestVerificationToken", Support.FormPosting.AntiforgeryToken(page));

        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(request)).StatusCode);
        Assert.Single(await Get<ApiTokens>().ListAsync(userId));
    }

    [Fact]
    public async Task WithoutCredentialsTokenCallsAre401()
    {
        await AssertProblemAsync(await Anonymous().GetAsync("/api/tokens"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/tokens", new { name = "x" }), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await Anonymous().DeleteAsync($"/api/tokens/{Guid.NewGuid()}"), HttpStatusCode.Unauthorized);
    }
}
