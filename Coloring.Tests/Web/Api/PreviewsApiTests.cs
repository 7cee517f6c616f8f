using System.Net;
using System.Net.Http.Json;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using SkiaSharp;

namespace Coloring.Tests.Web.Api;

public sealed class PreviewsApiOnSqliteTests() : PreviewsApiTests(DatabaseProvider.Sqlite);

public sealed class PreviewsApiOnPostgresTests() : PreviewsApiTests(DatabaseProvider.Postgres);

/// <summary><c>POST /api/previews</c>, and the studio's options on <c>POST /api/jobs</c>; previews are limited to 4 an hour here.</summary>
public abstract class PreviewsApiTests(DatabaseProvider provider) : ApiTest(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:Previews:PermitLimit"] = "4",
        ["RateLimits:Previews:Window"] = "01:00:00",
    };

    [Fact]
    public async Task APreviewIsAPngAbout1024PxThatCostsNothing()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script, "house.jpg");

        var response = await script.PostAsJsonAsync("/api/previews", new
        {
            assetId = photo, preset = "kids", paper = "letter", linePt = 4, detail = 1, background = "simplify",
            subject = new { left = 0.1, top = 0.1, right = 0.9, bottom = 0.9 }, crop = new { left = 0, top = 0, right = 0.5, bottom = 1 }, turns = 0,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var preview = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1024, Math.Max(preview.Width, preview.Height));
        Assert.True(preview.Height > preview.Width, "half of a wide photo is a tall page");
        Assert.Equal(CreditLedger.SignupCredits, await Get<CreditLedger>().GetBalanceAsync(userId));
        Assert.Equal(0, (await Get<JobService>().ListAsync(userId, 0, 10)).Total);
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "", "body" },
        { "[]", "body" },
        { "{", "body" },
        { "{}", "assetId" },
        { """{"assetId":"not-a-guid","preset":"kids"}""", "assetId" },
        { """{"assetId":"ASSET","preset":"giant"}""", "preset" },
        { """{"assetId":"ASSET","preset":"kids","paper":"a0"}""", "paper" },
        { """{"assetId":"ASSET","preset":"kids","background":"sky"}""", "background" },
        { """{"assetId":"ASSET","preset":"kids","detail":1e308}""", "detail" },
        { """{"assetId":"ASSET","preset":"kids","detail":1e999}""", "detail" },
        { """{"assetId":"ASSET","preset":"kids","detail":"NaN"}""", "detail" },
        { """{"assetId":"ASSET","preset":"kids","detail":"lots"}""", "detail" },
        { """{"assetId":"ASSET","preset":"kids","linePt":1e308}""", "linePt" },
        { """{"assetId":"ASSET","preset":"kids","linePt":-1}""", "linePt" },
        { """{"assetId":"ASSET","preset":"kids","turns":4}""", "turns" },
        { """{"assetId":"ASSET","preset":"kids","turns":-1}""", "turns" },
        { """{"assetId":"ASSET","preset":"kids","turns":1.5}""", "turns" },
        { """{"assetId":"ASSET","preset":"kids","turns":99999999999}""", "turns" },
        { """{"assetId":"ASSET","preset":"kids","crop":{"left":0.8,"top":0,"right":0.2,"bottom":1}}""", "crop.right" },
        { """{"assetId":"ASSET","preset":"kids","crop":{"left":0,"top":0.5,"right":1,"bottom":0.5}}""", "crop.bottom" },
        { """{"assetId":"ASSET","preset":"kids","crop":{"left":-0.1,"top":0,"right":1,"bottom":1}}""", "crop.left" },
        { """{"assetId":"ASSET","preset":"kids","crop":{"left":0,"top":0,"right":1}}""", "crop.bottom" },
        { """{"assetId":"ASSET","preset":"kids","crop":"all"}""", "crop" },
        { """{"assetId":"ASSET","preset":"kids","subject":{"left":0,"top":1e300,"right":1,"bottom":1}}""", "subject.top" },
        { """{"assetId":"ASSET","preset":"kids","subject":{"left":0.5,"top":0,"right":0.52,"bottom":1}}""", "subject.right" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadBodyIs400NamingTheField(string body, string field)
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);

        foreach (var path in new[] { "/api/previews", "/api/jobs" })
        {
            var response = await script.PostAsync(path, RawJson(body.Replace("ASSET", photo.ToString(), StringComparison.Ordinal)));
            await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        }
    }

    [Fact]
    public async Task BadBodiesDoNotCountAgainstThePreviewLimit()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);
        foreach (var bad in BadBodies())
        {
            await AssertProblemAsync(await script.PostAsync("/api/previews", RawJson(((string)bad[0]).Replace("ASSET", photo.ToString(), StringComparison.Ordinal))),
                HttpStatusCode.BadRequest);
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await script.PostAsJsonAsync("/api/previews", new { assetId = photo, preset = "kids", linePt = 2 + i })).StatusCode);
        }

        Assert.Equal(CreditLedger.SignupCredits, await Get<CreditLedger>().GetBalanceAsync(userId));
    }

    [Fact]
    public async Task AnotherPersonsUnknownOrDeletedPhotoIs404AndDoesNotCount()
    {
        var (owner, _, _) = await ScriptAsync("owner@example.com");
        var theirs = await UploadAsync(owner);
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var deleted = await UploadAsync(script);
        await Get<AssetStore>().DeleteAsync([deleted]);
        var page = await Get<AssetStore>().SaveAsync(userId, Bucket.Artifacts, TestImages.Photo("sweets.png"), "image/png", "png");

        foreach (var asset in new[] { theirs, Guid.NewGuid(), deleted, page.Id })
        {
            await AssertProblemAsync(await script.PostAsJsonAsync("/api/previews", new { assetId = asset, preset = "kids" }), HttpStatusCode.NotFound);
        }

        var mine = await UploadAsync(script);
        Assert.Equal(HttpStatusCode.OK, (await script.PostAsJsonAsync("/api/previews", new { assetId = mine, preset = "kids" })).StatusCode);
    }

    [Fact]
    public async Task OverThePreviewLimitItIs429WithRetryAfterAndPagesCanStillBeStarted()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await script.PostAsJsonAsync("/api/previews", new { assetId = photo, preset = "kids", detail = i * 0.5 })).StatusCode);
        }

        var refused = await script.PostAsJsonAsync("/api/previews", new { assetId = photo, preset = "kids" });

        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        Assert.Equal(HttpStatusCode.Accepted, (await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "kids" })).StatusCode);
        var (other, _, _) = await ScriptAsync("bob@example.com");
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsJsonAsync("/api/previews", new { assetId = await UploadAsync(other), preset = "kids" })).StatusCode);
    }

    [Fact]
    public async Task TwoPreviewsAtOnceAreBothMadeAlike()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script, "house.jpg");

        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => script.PostAsJsonAsync("/api/previews", new { assetId = photo, preset = "toddler", turns = 1 })));

        Assert.All(both, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(await both[0].Content.ReadAsByteArrayAsync(), await both[1].Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AJobKeepsTheStudiosOptionsAndTheSamePageAgainIs409WithNoCharge()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script, "house.jpg");
        var body = new
        {
            assetId = photo, preset = "detailed", background = "leave-out", detail = -1, turns = 3,
            subject = new { left = 0.2, top = 0.1, right = 0.7, bottom = 0.8 }, crop = new { left = 0.1, top = 0, right = 1, bottom = 0.9 },
        };

        var created = await script.PostAsJsonAsync("/api/jobs", body);
        var again = await script.PostAsJsonAsync("/api/jobs", body);

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        await AssertProblemAsync(again, HttpStatusCode.Conflict);
        var job = await Get<JobService>().FindAsync((await JsonAsync(created)).GetProperty("jobId").GetGuid(), userId);
        Assert.Equal(new Coloring.Engine.PageOptions(Coloring.Engine.AgePreset.Detailed, Coloring.Engine.Paper.A4, null,
            new Coloring.Engine.SubjectBox(0.2, 0.1, 0.7, 0.8), Coloring.Engine.BackgroundMode.LeaveOut, -1, 3, new Coloring.Engine.CropBox(0.1, 0, 1, 0.9)), job!.Options);
        Assert.Equal(CreditLedger.SignupCredits - 1, await Get<CreditLedger>().GetBalanceAsync(userId));
        var view = await JsonAsync(await script.GetAsync($"/api/jobs/{job.Id}"));
        Assert.Equal(("leave-out", -1.0, 3), (view.GetProperty("background").GetString(), view.GetProperty("detail").GetDouble(), view.GetProperty("turns").GetInt32()));
        Assert.Equal(0.7, view.GetProperty("subject").GetProperty("right").GetDouble());
        Assert.Equal(0.9, view.GetProperty("crop").GetProperty("bottom").GetDouble());
    }

    [Fact]
    public async Task TheSamePageStartedTwiceAtOnceIsChargedOnce()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);

        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "kids", detail = 1 })));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], both.Select(r => r.StatusCode).Order());
        Assert.Equal(CreditLedger.SignupCredits - 1, await Get<CreditLedger>().GetBalanceAsync(userId));
        Assert.Equal(1, (await Get<JobService>().ListAsync(userId, 0, 10)).Total);
    }

    [Fact]
    public async Task WithoutSigningInItIs401()
    {
        var response = await Anonymous().PostAsJsonAsync("/api/previews", new { assetId = Guid.NewGuid(), preset = "kids" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
