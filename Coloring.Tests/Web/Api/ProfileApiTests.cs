using System.Net;
using System.Net.Http.Json;
using Coloring.Domain.Accounts;
using Coloring.Domain.Data;

namespace Coloring.Tests.Web.Api;

public sealed class ProfileApiOnSqliteTests() : ProfileApiTests(DatabaseProvider.Sqlite);

public sealed class ProfileApiOnPostgresTests() : ProfileApiTests(DatabaseProvider.Postgres);

/// <summary><c>GET</c> and <c>PATCH /api/user/profile</c>.</summary>
public abstract class ProfileApiTests(DatabaseProvider provider) : ApiTest(provider)
{
    [Fact]
    public async Task TheProfileHasTheFactsBalanceAndStatistics()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");

        var profile = await JsonAsync(await script.GetAsync("/api/user/profile"));

        Assert.Equal("ann@example.com", profile.GetProperty("email").GetString());
        Assert.Equal("ann", profile.GetProperty("displayName").GetString());
        Assert.Equal(3, profile.GetProperty("balance").GetInt32());
        Assert.True(profile.GetProperty("lastLoginAt").GetDateTimeOffset() >= profile.GetProperty("createdAt").GetDateTimeOffset());
        var stats = profile.GetProperty("stats");
        Assert.Equal(0, stats.GetProperty("jobs").GetInt32());
        Assert.Equal(0, stats.GetProperty("creditsSpent").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stats.GetProperty("successRate").ValueKind);
    }

    [Fact]
    public async Task PatchChangesTheDisplayNameAndThePhotoSetting()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");

        var response = await script.PatchAsJsonAsync("/api/user/profile", new { displayName = "  Ann Lee ", deletePhotosAfterSuccess = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Ann Lee", (await JsonAsync(response)).GetProperty("displayName").GetString());
        Assert.True(await Get<AccountSettings>().GetDeletePhotosAfterSuccessAsync(userId));
        Assert.Equal("Ann Lee", (await Get<AccountProfile>().GetAsync(userId))!.DisplayName);
    }

    [Fact]
    public async Task ThePaperIsAskUntilChosenAndAPatchRemembersItOrForgetsIt()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");

        Assert.Equal("ask", (await JsonAsync(await script.GetAsync("/api/user/profile"))).GetProperty("paper").GetString());

        var letter = await script.PatchAsJsonAsync("/api/user/profile", new { paper = " LETTER " });
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        Assert.Equal("letter", (await JsonAsync(letter)).GetProperty("paper").GetString());
        Assert.Equal(Coloring.Engine.Paper.Letter, await Get<AccountSettings>().GetPaperAsync(userId));
        Assert.Equal("letter", (await JsonAsync(await script.GetAsync("/api/user/profile"))).GetProperty("paper").GetString());
        Assert.Equal("ann", (await JsonAsync(letter)).GetProperty("displayName").GetString());

        var ask = await script.PatchAsJsonAsync("/api/user/profile", new { paper = "ask" });
        Assert.Equal("ask", (await JsonAsync(ask)).GetProperty("paper").GetString());
        Assert.Null(await Get<AccountSettings>().GetPaperAsync(userId));
    }

    [Theory]
    [InlineData("{\"paper\":\"a5\"}")]
    [InlineData("{\"paper\":\"\"}")]
    [InlineData("{\"paper\":4}")]
    [InlineData("{\"paper\":[\"a4\"]}")]
    [InlineData("{\"paper\":\"a4\\u0000\"}")]
    [InlineData("{\"paper\":\"Letter; DROP TABLE users\"}")]
    public async Task ABadPaperIsA400AndNothingChanges(string body)
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        await Get<AccountSettings>().SetPaperAsync(userId, Coloring.Engine.Paper.A4);

        var response = await script.PatchAsync("/api/user/profile", RawJson(body.Replace("{\"paper\":\"", "{\"displayName\":\"Changed\",\"paper\":\"")));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "paper");
        Assert.Equal(Coloring.Engine.Paper.A4, await Get<AccountSettings>().GetPaperAsync(userId));
        Assert.Equal("ann", (await Get<AccountProfile>().GetAsync(userId))!.DisplayName);
    }

    [Fact]
    public async Task AHugePaperIsA400()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");

        var response = await script.PatchAsJsonAsync("/api/user/profile", new { paper = new string('a', 60_000) });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "paper");
    }

    [Fact]
    public async Task ThePaperIsInTheOpenApiDocumentForReadingAndChanging()
    {
        var document = await JsonAsync(await Anonymous().GetAsync("/openapi/v1.json"));
        var schemas = document.GetProperty("components").GetProperty("schemas");

        foreach (var schema in new[] { "ProfileResponse", "ProfilePatch" })
        {
            var paper = schemas.GetProperty(schema).GetProperty("properties").GetProperty("paper");
            Assert.Contains("ask", paper.GetProperty("description").GetString());
        }
    }

    [Theory]
    [InlineData("{\"displayName\":\"\"}", "displayName")]
    [InlineData("{\"displayName\":\"   \"}", "displayName")]
    [InlineData("{\"displayName\":\"line\\nbreak\"}", "displayName")]
    [InlineData("{\"displayName\":12}", "displayName")]
    [InlineData("{\"deletePhotosAfterSuccess\":\"yes please\"}", "deletePhotosAfterSuccess")]
    [InlineData("{}", "body")]
    [InlineData("{\"displayName\":", "body")]
    [InlineData("\"Ann\"", "body")]
    public async Task BadPatchesAre400sAndChangeNothing(string body, string field)
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");

        var response = await script.PatchAsync("/api/user/profile", RawJson(body));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal("ann", (await Get<AccountProfile>().GetAsync(userId))!.DisplayName);
    }

    [Fact]
    public async Task ANameTooLongIsA400()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");

        var response = await script.PatchAsJsonAsync("/api/user/profile", new { displayName = new string('x', 81) });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "displayName");
    }

    [Fact]
    public async Task WithoutCredentialsItIs401()
    {
        await AssertProblemAsync(await Anonymous().GetAsync("/api/user/profile"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await Anonymous().PatchAsJsonAsync("/api/user/profile", new { displayName = "x" }), HttpStatusCode.Unauthorized);
    }
}
