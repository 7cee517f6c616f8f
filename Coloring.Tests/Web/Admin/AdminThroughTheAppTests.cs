using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coloring.Domain.Admin;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Flags;
using Coloring.Domain.Storage;
using Coloring.Tests.Support;
using Coloring.Web.Admin;

namespace Coloring.Tests.Web.Admin;

public sealed class AdminThroughTheAppOnSqliteTests() : AdminThroughTheAppTests(DatabaseProvider.Sqlite);

public sealed class AdminThroughTheAppOnPostgresTests() : AdminThroughTheAppTests(DatabaseProvider.Postgres);

/// <summary>
/// The admin pages and <c>/api/admin</c> through the real app: 404 for everyone but admins on every page and
/// action, and the actions' effects on other users' sessions, sign-in and pages.
/// </summary>
public abstract class AdminThroughTheAppTests(DatabaseProvider provider) : AppTest(provider)
{
    private const string AdminEmail = "admin@example.com";

    // The hourly cleanup is moved out of the way so that only the passes a test starts are listed.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:AdminEmails:0"] = AdminEmail, ["Cleanup:Schedule"] = "0 0 0 1 1 ? 2099" };

    private static readonly string[] PageRoutes =
        ["/admin", "/admin/users", "/admin/users/{user}", "/admin/jobs", "/admin/jobs/{job}", "/admin/flags", "/admin/storage", "/admin/audit", "/admin/audit?user={user}"];

    /// <summary>Every API route with a body an admin could send.</summary>
    private static readonly (string Method, string Path, object? Body)[] ApiRoutes =
    [
        ("GET", "/api/admin/dashboard", null),
        ("GET", "/api/admin/users?email=a", null),
        ("GET", "/api/admin/users/{user}", null),
        ("GET", "/api/admin/users/{user}/ledger", null),
        ("POST", "/api/admin/users/{user}/credits", new { amount = 50, reason = "free credits" }),
        ("POST", "/api/admin/users/{user}/lock", new { reason = "x" }),
        ("POST", "/api/admin/users/{user}/unlock", new { reason = "x" }),
        ("PUT", "/api/admin/users/{user}/admin", null),
        ("DELETE", "/api/admin/users/{user}/admin", null),
        ("GET", "/api/admin/jobs?status=Failed", null),
        ("GET", "/api/admin/jobs/{job}", null),
        ("POST", "/api/admin/jobs/{job}/retry", null),
        ("POST", "/api/admin/jobs/{job}/cancel", null),
        ("GET", "/api/admin/flags", null),
        ("PUT", "/api/admin/flags/generation_enabled", new { enabled = false, message = "mine" }),
        ("GET", "/api/admin/storage", null),
        ("POST", "/api/admin/storage/cleanup", null),
        ("GET", "/api/admin/audit", null),
    ];

    /// <summary>The admin's browser, whose API calls come from the site's own pages (as the admin pages' fetches do).</summary>
    private async Task<HttpClient> AdminBrowserAsync() => (await BrowserAsync(AdminEmail)).Browser;

    [Fact]
    public async Task AnotherSiteCannotUseAnAdminsCookieToChangeAnything()
    {
        var (admin, _) = await SignedInAsync(AdminEmail);
        var (_, userId) = await SignedInAsync("ann@example.com");
        admin.DefaultRequestHeaders.Add("Sec-Fetch-Site", "cross-site");

        var grant = await admin.PostAsJsonAsync($"/api/admin/users/{userId}/credits", new { amount = 50, reason = "free credits" });
        var flag = await admin.PutAsJsonAsync("/api/admin/flags/generation_enabled", new { enabled = false, message = "mine" });

        Assert.Equal(HttpStatusCode.Forbidden, grant.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, flag.StatusCode);
        Assert.Equal(CreditLedger.SignupCredits, await Get<CreditLedger>().GetBalanceAsync(userId));
        Assert.True((await Get<FeatureFlags>().GetAsync()).GenerationEnabled);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/flags")).StatusCode); // reading is harmless
    }

    [Fact]
    public async Task EveryAdminPageAndActionIsNotFoundForVisitorsAndNormalUsers()
    {
        var (user, userId) = await SignedInAsync("ann@example.com");
        var visitor = App.CreateBrowser();
        var jobId = Guid.NewGuid();

        foreach (var browser in new[] { visitor, user })
        {
            foreach (var route in PageRoutes)
            {
                var response = await browser.GetAsync(Fill(route, userId, jobId));
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route}: {response.StatusCode}");
                Assert.Contains("We couldn't find that page", await response.Content.ReadAsStringAsync());
            }

            foreach (var (method, path, body) in ApiRoutes)
            {
                var response = await SendAsync(browser, method, Fill(path, userId, jobId), body);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode}");
            }

            // Malformed and hostile bodies get the same 404, not a 400 that says the route exists.
            var malformed = await browser.PostAsync($"/api/admin/users/{userId}/credits", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
            var huge = await browser.PostAsync($"/api/admin/users/{userId}/credits", new StringContent(new string('[', 100_000), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (malformed.StatusCode, huge.StatusCode));
        }

        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(userId));
        Assert.True((await Get<FeatureFlags>().GetAsync()).GenerationEnabled);
        Assert.Null(await Get<AdminAccess>().FindAdminAsync(userId));
        Assert.Equal(0, (await Get<AuditLog>().ListAsync(new AuditFilter(), 0, 10)).Total);
    }

    [Fact]
    public async Task AnAdminOpensEveryAdminPageAndUnknownIdsAreNotFound()
    {
        var admin = await AdminBrowserAsync();
        var (_, userId) = await SignedInAsync("ann@example.com");

        var headings = new Dictionary<string, string>
        {
            ["/admin"] = "Dashboard",
            ["/admin/users"] = "Users",
            [$"/admin/users/{userId}"] = "ann@example.com",
            ["/admin/jobs"] = "Jobs",
            ["/admin/flags"] = "Feature flags",
            ["/admin/storage"] = "Storage",
            ["/admin/audit"] = "Audit log",
        };
        foreach (var (path, heading) in headings)
        {
            var response = await admin.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            Assert.Contains(heading, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/users/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/jobs/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/users/not-a-guid")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/users/{Guid.NewGuid()}")).StatusCode);
        var home = await (await admin.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.Contains("href=\"/admin\"", home);
        var (ann, _) = await SignedInAsync("ann@example.com");
        Assert.DoesNotContain("href=\"/admin\"", await (await ann.GetAsync("/")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AGrantThroughTheApiChangesTheBalanceOnceAndBadRequestsChangeNothing()
    {
        var admin = await AdminBrowserAsync();
        var (_, userId) = await SignedInAsync("ann@example.com");
        var request = Guid.NewGuid();

        var granted = await admin.PostAsJsonAsync($"/api/admin/users/{userId}/credits", new { amount = 5, reason = "printer jam", requestId = request });
        var replayed = await admin.PostAsJsonAsync($"/api/admin/users/{userId}/credits", new { amount = 5, reason = "printer jam", requestId = request });
        var noReason = await admin.PostAsJsonAsync($"/api/admin/users/{userId}/credits", new { amount = 5, reason = "" });
        var tooMany = await admin.PostAsJsonAsync($"/api/admin/users/{userId}/credits", new { amount = -100, reason = "abuse" });
        var malformed = await admin.PostAsync($"/api/admin/users/{userId}/credits", new StringContent("{\"amount\": \"lots\"}", System.Text.Encoding.UTF8, "application/json"));
        var noUser = await admin.PostAsJsonAsync($"/api/admin/users/{Guid.NewGuid()}/credits", new { amount = 5, reason = "ghost" });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (granted.StatusCode, replayed.StatusCode));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (noReason.StatusCode, tooMany.StatusCode, malformed.StatusCode));
        Assert.Contains("you can remove at most 8", await tooMany.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, noUser.StatusCode);
        Assert.Equal(8, await Get<CreditLedger>().GetBalanceAsync(userId));
        var audit = await admin.GetFromJsonAsync<AdminApi.AdminList<AuditEntry>>($"/api/admin/audit?user={userId}");
        var entry = Assert.Single(audit!.Items);
        Assert.Equal((AdminEmail, "credits.grant", "printer jam"), (entry.ActorEmail, entry.Action, entry.Reason));
    }

    [Fact]
    public async Task TheApisListsCountPagesFromOneLikeTheRestOfTheApiAndRefuseAPageBelowOne()
    {
        var admin = await AdminBrowserAsync();
        var ids = new List<Guid>();
        foreach (var name in new[] { "ann", "bob", "cat" })
        {
            ids.Add((await SignedInAsync($"{name}@example.com")).UserId);
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var first = await admin.GetFromJsonAsync<AdminApi.AdminList<UserSummary>>("/api/admin/users?email=example.com&pageSize=2");
        var second = await admin.GetFromJsonAsync<AdminApi.AdminList<UserSummary>>("/api/admin/users?email=example.com&page=2&pageSize=2");
        var past = await admin.GetFromJsonAsync<AdminApi.AdminList<UserSummary>>("/api/admin/users?email=example.com&page=99&pageSize=2");

        Assert.Equal((1, 2, 4), (first!.Page, first.PageSize, first.Total)); // the admin and three others
        Assert.Equal(["cat@example.com", "bob@example.com"], first.Items.Select(u => u.Email));
        Assert.Equal(2, second!.Page);
        Assert.Equal(["ann@example.com", AdminEmail], second.Items.Select(u => u.Email));
        Assert.Empty(past!.Items);
        foreach (var list in new[] { "/api/admin/users", "/api/admin/jobs", "/api/admin/audit", $"/api/admin/users/{ids[0]}/ledger" })
        {
            var zero = await admin.GetAsync($"{list}?page=0");
            var tooBig = await admin.GetAsync($"{list}?pageSize=101");
            var notANumber = await admin.GetAsync($"{list}?page=first");
            Assert.True((zero.StatusCode, tooBig.StatusCode, notANumber.StatusCode) == (HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), list);
            Assert.Contains("numbered from 1", await zero.Content.ReadAsStringAsync());
        }

        var ledger = JsonDocument.Parse(await admin.GetStringAsync($"/api/admin/users/{ids[0]}/ledger?page=1&pageSize=1")).RootElement;
        Assert.Equal((CreditLedger.SignupCredits, 1, 1, "signupGrant"),
            (ledger.GetProperty("balance").GetInt32(), ledger.GetProperty("page").GetInt32(), ledger.GetProperty("total").GetInt32(), ledger.GetProperty("items")[0].GetProperty("reason").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/users/{Guid.NewGuid()}/ledger")).StatusCode);
    }

    [Fact]
    public async Task TheStorageApiListsThePassesAndRefusesASecondPassWhileOneRuns()
    {
        var admin = await AdminBrowserAsync();

        var fresh = await StorageAsync(admin); // the admin's own sign-in link is used by now: the pass deletes it
        var ran = await admin.PostAsync("/api/admin/storage/cleanup", null);
        var run = JsonDocument.Parse(await ran.Content.ReadAsStringAsync()).RootElement;
        Clock.Advance(TimeSpan.FromMinutes(1));
        var held = await Get<Cleanup>().ClaimAsync(null, CancellationToken.None); // the schedule's pass, under way
        var refused = await admin.PostAsync("/api/admin/storage/cleanup", null);
        var figures = await StorageAsync(admin);

        Assert.Equal(JsonValueKind.Null, fresh.GetProperty("lastCleanup").ValueKind);
        Assert.Equal(0, fresh.GetProperty("recentCleanups").GetArrayLength());
        Assert.StartsWith("2099-01-01T00:00:00", fresh.GetProperty("nextCleanup").GetString());
        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        Assert.Equal(("succeeded", AdminEmail, true, JsonValueKind.Null), (run.GetProperty("status").GetString(), run.GetProperty("startedByEmail").GetString(), run.GetProperty("byHand").GetBoolean(), run.GetProperty("error").ValueKind));
        Assert.Equal((0, 0, 1), (run.GetProperty("expiredAssets").GetInt32(), run.GetProperty("orphanFiles").GetInt32(), run.GetProperty("expiredSignInLinks").GetInt32()));
        Assert.Equal(Environment.MachineName, run.GetProperty("machine").GetString());
        Assert.InRange(run.GetProperty("finishedAt").GetDateTimeOffset(), run.GetProperty("startedAt").GetDateTimeOffset(), DateTimeOffset.MaxValue);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("already running", await refused.Content.ReadAsStringAsync());
        Assert.Equal(run.GetProperty("id").GetGuid(), figures.GetProperty("lastCleanup").GetProperty("id").GetGuid());
        var recent = figures.GetProperty("recentCleanups").EnumerateArray().ToList();
        Assert.Equal([held.Run.Id, run.GetProperty("id").GetGuid()], recent.Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal(("running", JsonValueKind.Null, false), (recent[0].GetProperty("status").GetString(), recent[0].GetProperty("startedByEmail").ValueKind, recent[0].GetProperty("byHand").GetBoolean()));
        Assert.Equal(["storage.cleanup"], (await App.Services.AuditEntriesAsync()).Select(e => e.Action));
    }

    private static async Task<JsonElement> StorageAsync(HttpClient admin) =>
        JsonDocument.Parse(await admin.GetStringAsync("/api/admin/storage")).RootElement;

    [Fact]
    public async Task ALockedUsersSessionEndsWithinAMinuteAndTheyCannotSignInAgain()
    {
        var admin = await AdminBrowserAsync();
        var (ann, annId) = await SignedInAsync("ann@example.com");
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync("/credits")).StatusCode);

        var locked = await admin.PostAsJsonAsync($"/api/admin/users/{annId}/lock", new { reason = "chargeback" });
        Clock.Advance(TimeSpan.FromMinutes(1.5));
        var later = await ann.GetAsync("/credits");

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.Contains("/account/sign-in", later.Headers.Location?.OriginalString);
        var again = App.CreateBrowser();
        var refused = await ContinueAsync(again, await LinkForAsync(again, "ann@example.com"));
        Assert.Contains("This account is locked", await refused.Content.ReadAsStringAsync());

        var unlocked = await admin.PostAsync($"/api/admin/users/{annId}/unlock", null);
        var back = App.CreateBrowser();
        var signedIn = await ContinueAsync(back, await LinkForAsync(back, "ann@example.com"));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Redirect), (unlocked.StatusCode, signedIn.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/credits")).StatusCode);
    }

    [Fact]
    public async Task AnAdminWhoseRoleWasRemovedLosesThePagesAndTheApiAtOnce()
    {
        var admin = await AdminBrowserAsync();
        var (ann, annId) = await SignedInAsync("ann@example.com");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/admin/users/{annId}/admin", null)).StatusCode);
        var (annAgain, _) = await SignedInAsync("ann@example.com");
        Assert.Equal(HttpStatusCode.OK, (await annAgain.GetAsync("/admin")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/admin/users/{annId}/admin")).StatusCode);

        // Her cookie still says Admin; the database does not, and that is what counts.
        Assert.Equal(HttpStatusCode.NotFound, (await annAgain.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await annAgain.PostAsJsonAsync($"/api/admin/users/{annId}/credits", new { amount = 99, reason = "me" })).StatusCode);
        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(annId));
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync("/admin/flags")).StatusCode);
    }

    [Fact]
    public async Task SignupOffGivesUnknownAddressesNoAccountButKnownUsersStillSignIn()
    {
        var admin = await AdminBrowserAsync();
        await SignedInAsync("ann@example.com");

        var set = await admin.PutAsJsonAsync("/api/admin/flags/signup_enabled", new { enabled = false });
        var stranger = App.CreateBrowser();
        var refused = await ContinueAsync(stranger, await LinkForAsync(stranger, "new@example.com"));
        var known = App.CreateBrowser();
        var signedIn = await ContinueAsync(known, await LinkForAsync(known, "ann@example.com"));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Contains("New accounts can&#x27;t be created at the moment", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, (await Get<AdminUsers>().SearchAsync("new@example.com", 0, 10)).Total);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await known.GetAsync("/credits")).StatusCode);
    }

    [Fact]
    public async Task GenerationOffAndTheBannerShowOnTheUsersPages()
    {
        var admin = await AdminBrowserAsync();
        var (ann, _) = await SignedInAsync("ann@example.com");

        await admin.PutAsJsonAsync("/api/admin/flags/generation_enabled", new { enabled = false, message = "Paused for the school holidays." });
        await admin.PutAsJsonAsync("/api/admin/flags/maintenance_banner", new { enabled = true, message = "Maintenance on Sunday <b>8-9</b>." });
        var create = await (await ann.GetAsync("/create")).Content.ReadAsStringAsync();
        var home = await (await App.CreateBrowser().GetAsync("/")).Content.ReadAsStringAsync();
        var badKey = await admin.PutAsJsonAsync("/api/admin/flags/nope", new { enabled = true });
        var noText = await admin.PutAsJsonAsync("/api/admin/flags/maintenance_banner", new { enabled = true, message = "" });

        Assert.Contains("Paused for the school holidays.", create);
        Assert.Contains("Maintenance on Sunday &lt;b&gt;8-9&lt;/b&gt;.", home);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.BadRequest), (badKey.StatusCode, noText.StatusCode));
        var actions = (await Get<AuditLog>().ListAsync(new AuditFilter(Action: "flag"), 0, 10)).Items.Select(e => e.Target);
        Assert.Equal(["flag maintenance_banner", "flag generation_enabled"], actions);
    }

    private static string Fill(string route, Guid userId, Guid jobId) => route.Replace("{user}", userId.ToString()).Replace("{job}", jobId.ToString());

    private static Task<HttpResponseMessage> SendAsync(HttpClient browser, string method, string path, object? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return browser.SendAsync(request);
    }
}
