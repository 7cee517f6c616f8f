using System.Net;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;

namespace Coloring.Tests.Web.Api;

public sealed class CreditsApiOnSqliteTests() : CreditsApiTests(DatabaseProvider.Sqlite);

public sealed class CreditsApiOnPostgresTests() : CreditsApiTests(DatabaseProvider.Postgres);

/// <summary><c>GET /api/credits</c>.</summary>
public abstract class CreditsApiTests(DatabaseProvider provider) : ApiTest(provider)
{
    [Fact]
    public async Task TheBalanceComesWithItsHistoryNewestFirst()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Get<CreditLedger>().GrantAsync(userId, 5, CreditReason.AdminGrant, $"gift-{userId:N}", "admin", "a gift");

        var credits = await JsonAsync(await script.GetAsync("/api/credits"));

        Assert.Equal(8, credits.GetProperty("balance").GetInt32());
        Assert.Equal(2, credits.GetProperty("total").GetInt32());
        var events = credits.GetProperty("events");
        Assert.Equal(5, events[0].GetProperty("delta").GetInt32());
        Assert.Equal("adminGrant", events[0].GetProperty("reason").GetString());
        Assert.Equal("signupGrant", events[1].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKindNull, events[1].GetProperty("jobId").ValueKind);
        Assert.False(events[0].TryGetProperty("note", out _)); // an admin's note is for the books, not the API
    }

    [Fact]
    public async Task HistoryIsPaged()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        for (var i = 0; i < 4; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            await Get<CreditLedger>().GrantAsync(userId, i + 1, CreditReason.Purchase, $"buy-{i}-{userId:N}", "test");
        }

        var page = await JsonAsync(await script.GetAsync("/api/credits?page=2&pageSize=2"));

        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.Equal([2, 1], page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("delta").GetInt32()));
    }

    [Fact]
    public async Task EachPersonSeesOnlyTheirOwnLedger()
    {
        var (ann, annId, _) = await ScriptAsync("ann@example.com");
        var (bob, _, _) = await ScriptAsync("bob@example.com");
        await Get<CreditLedger>().GrantAsync(annId, 7, CreditReason.Purchase, $"buy-{annId:N}", "test");

        var bobs = await JsonAsync(await bob.GetAsync("/api/credits"));

        Assert.Equal(3, bobs.GetProperty("balance").GetInt32());
        Assert.Equal(1, bobs.GetProperty("total").GetInt32());
        Assert.Equal(10, (await JsonAsync(await ann.GetAsync("/api/credits"))).GetProperty("balance").GetInt32());
    }

    [Fact]
    public async Task WithoutCredentialsOrWithBadPagingItIsRefused()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");

        await AssertProblemAsync(await Anonymous().GetAsync("/api/credits"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await script.GetAsync("/api/credits?pageSize=1000"), HttpStatusCode.BadRequest, "pageSize");
        await AssertProblemAsync(await script.GetAsync("/api/credits?page=0"), HttpStatusCode.BadRequest, "page");
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
