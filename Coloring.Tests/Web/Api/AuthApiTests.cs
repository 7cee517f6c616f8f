using System.Net;
using System.Net.Http.Json;
using Coloring.Domain.Data;
using Coloring.Tests.Web.Accounts;

namespace Coloring.Tests.Web.Api;

public sealed class AuthApiOnSqliteTests() : AuthApiTests(DatabaseProvider.Sqlite);

public sealed class AuthApiOnPostgresTests() : AuthApiTests(DatabaseProvider.Postgres);

/// <summary><c>POST /api/auth/magic-link</c>.</summary>
public abstract class AuthApiTests(DatabaseProvider provider) : ApiTest(provider)
{
    [Fact]
    public async Task ALinkIsSentAndTheAnswerIs202ForNewAndKnownAddressesAlike()
    {
        await SignedInAsync("known@example.com");

        var known = await Anonymous().PostAsJsonAsync("/api/auth/magic-link", new { email = "known@example.com", returnUrl = "/create" });
        var unknown = await Anonymous().PostAsJsonAsync("/api/auth/magic-link", new { email = "new@example.com" });

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        var message = await Mail.WaitForMessageToAsync("known@example.com");
        Assert.Contains("/account/magic?token=", message.SignInLink);
        await Mail.WaitForMessageToAsync("new@example.com");
    }

    [Fact]
    public async Task TheApiSendsALookAlikesLinkToTheRealAddressAndRefusesOneThatIsNotAscii()
    {
        var folded = await Anonymous().PostAsJsonAsync("/api/auth/magic-link", new { email = "\u017Fis@example.com" });
        var refused = await Anonymous().PostAsJsonAsync("/api/auth/magic-link", new { email = "s\u0131s@example.com" });

        Assert.Equal(HttpStatusCode.Accepted, folded.StatusCode);
        await AssertProblemAsync(refused, HttpStatusCode.BadRequest, "email");
        await Mail.WaitForAsync(m => m.To == "sis@example.com", "an e-mail to sis@example.com");
        await Task.Delay(300);
        Assert.Single(Mail.Messages);
    }

    [Fact]
    public async Task TheLinkFromTheApiSignsIn()
    {
        var browser = App.CreateBrowser();
        await Anonymous().PostAsJsonAsync("/api/auth/magic-link", new { email = "ann@example.com" });
        var link = new Uri((await Mail.WaitForMessageToAsync("ann@example.com")).SignInLink).PathAndQuery;

        await ContinueAsync(browser, link);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/user/profile")).StatusCode);
    }

    [Theory]
    [InlineData("{\"email\":\"\"}", "email")]
    [InlineData("{\"email\":\"not an address\"}", "email")]
    [InlineData("{\"email\":\"Ann <ann@example.com>\"}", "email")]
    [InlineData("{\"email\":\"ann@example.com\\r\\nBcc: all@example.com\"}", "email")]
    [InlineData("{}", "email")]
    [InlineData("{\"email\":42}", "email")]
    [InlineData("", "body")]
    [InlineData("{\"email\":", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("null", "body")]
    public async Task BadBodiesAre400sNamingTheFieldAndSendNothing(string body, string field)
    {
        var response = await Anonymous().PostAsync("/api/auth/magic-link", RawJson(body));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Empty(Mail.Messages);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    public async Task AReturnAddressOffThisSiteIsLeftOutOfTheLinkAsTheSignInFormDoes(string returnUrl)
    {
        var browser = App.CreateBrowser();

        var response = await Anonymous().PostAsJsonAsync("/api/auth/magic-link", new { email = "ann@example.com", returnUrl });
        var link = new Uri((await Mail.WaitForMessageToAsync("ann@example.com")).SignInLink).PathAndQuery;
        var continued = await ContinueAsync(browser, link);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/", continued.Headers.Location?.PathAndQueryOrOriginal());
    }

    [Fact]
    public async Task AHugeBodyIsA400NotA500()
    {
        var huge = "{\"email\":\"" + new string('a', 5_000_000) + "@example.com\"}";

        var response = await Anonymous().PostAsync("/api/auth/magic-link", RawJson(huge));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIs415WithProblemDetails()
    {
        var response = await Anonymous().PostAsync("/api/auth/magic-link", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "ann@example.com" }));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(Mail.Messages);
    }
}
