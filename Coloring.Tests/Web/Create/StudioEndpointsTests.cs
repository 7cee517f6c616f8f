using System.Net;
using Coloring.Domain.Data;
using Coloring.Domain.Storage;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using SkiaSharp;

namespace Coloring.Tests.Web.Create;

public sealed class StudioEndpointsOnSqliteTests() : StudioEndpointsTests(DatabaseProvider.Sqlite);

public sealed class StudioEndpointsOnPostgresTests() : StudioEndpointsTests(DatabaseProvider.Postgres);

/// <summary><c>GET /studio/preview/{photo}</c>, the Create page's preview as a picture; previews are limited to 3 an hour here.</summary>
public abstract class StudioEndpointsTests(DatabaseProvider provider) : Api.ApiTest(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:Previews:PermitLimit"] = "3",
        ["RateLimits:Previews:Window"] = "01:00:00",
    };

    [Fact]
    public async Task ThePreviewOfTheOptionsInTheAddressIsAPngTheBrowserMayKeepButNotAFileToSave()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script, "house.jpg");

        var response = await script.GetAsync($"/studio/preview/{photo:N}?preset=kids&paper=a4&background=keep&detail=1&turns=1&subject=0.1,0.1,0.9,0.9&crop=0,0,1,0.5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { Private: true, MaxAge.TotalSeconds: 600 }, $"Cache-Control was {response.Headers.CacheControl}");
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
        using var preview = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1024, Math.Max(preview.Width, preview.Height));
    }

    public static TheoryData<string, string> BadQueries() => new()
    {
        { "", "query" },
        { "paper=a4", "query" },
        { "preset=", "preset" },
        { "preset=giant", "preset" },
        { "preset=kids&paper=a0", "paper" },
        { "preset=kids&background=sky", "background" },
        { "preset=kids&detail=lots", "detail" },
        { "preset=kids&detail=NaN", "detail" },
        { "preset=kids&detail=1e999", "detail" },
        { "preset=kids&detail=3", "detail" },
        { "preset=kids&line=-1", "linePt" },
        { "preset=kids&line=Infinity", "linePt" },
        { "preset=kids&turns=4", "turns" },
        { "preset=kids&turns=-1", "turns" },
        { "preset=kids&turns=1.5", "turns" },
        { "preset=kids&turns=99999999999", "turns" },
        { "preset=kids&subject=0.1,0.1,0.9", "subject" },
        { "preset=kids&subject=0.1,0.1,0.9,0.9,0.5", "subject" },
        { "preset=kids&subject=a,b,c,d", "subject" },
        { "preset=kids&subject=0.8,0,0.2,1", "subject.right" },
        { "preset=kids&subject=0,1e300,1,1", "subject.top" },
        { "preset=kids&crop=0,0.5,1,0.5", "crop.bottom" },
        { "preset=kids&crop=-0.1,0,1,1", "crop.left" },
        { "preset=kids&crop=%3Cscript%3E", "crop" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task AMalformedOrOutOfRangeOptionIs400NamingTheFieldAndDoesNotCount(string query, string field)
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);

        await AssertProblemAsync(await script.GetAsync($"/studio/preview/{photo:N}?{query}"), HttpStatusCode.BadRequest, field);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await script.GetAsync($"/studio/preview/{photo:N}?preset=kids&detail={i}")).StatusCode);
        }
    }

    [Fact]
    public async Task AHugeBoxIs400NotA500()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);

        var response = await script.GetAsync($"/studio/preview/{photo:N}?preset=kids&subject={string.Join(',', Enumerable.Repeat("0.5", 2000))}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "subject");
    }

    [Fact]
    public async Task AnotherPersonsUnknownOrDeletedPhotoIs404()
    {
        var (owner, _, _) = await ScriptAsync("owner@example.com");
        var theirs = await UploadAsync(owner);
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var deleted = await UploadAsync(script);
        await Get<AssetStore>().DeleteAsync([deleted]);
        var page = await Get<AssetStore>().SaveAsync(userId, Bucket.Artifacts, TestImages.Photo("sweets.png"), "image/png", "png");

        foreach (var asset in new[] { theirs, Guid.NewGuid(), deleted, page.Id })
        {
            await AssertProblemAsync(await script.GetAsync($"/studio/preview/{asset:N}?preset=kids"), HttpStatusCode.NotFound);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await script.GetAsync("/studio/preview/not-a-guid?preset=kids")).StatusCode);
    }

    [Fact]
    public async Task ARequestAnotherSiteStartedIs403AndDoesNotCount()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);

        foreach (var site in new[] { "cross-site", "same-site" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/studio/preview/{photo:N}?preset=kids");
            request.Headers.Add("Sec-Fetch-Site", site);
            await AssertProblemAsync(await script.SendAsync(request), HttpStatusCode.Forbidden);
        }

        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/studio/preview/{photo:N}?preset=kids&detail={i}");
            request.Headers.Add("Sec-Fetch-Site", "same-origin");
            Assert.Equal(HttpStatusCode.OK, (await script.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task OverThePreviewLimitItIs429WithRetryAfter()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await script.GetAsync($"/studio/preview/{photo:N}?preset=kids&detail={i}")).StatusCode);
        }

        var refused = await script.GetAsync($"/studio/preview/{photo:N}?preset=toddler");

        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
    }

    [Fact]
    public async Task TheSamePreviewTwiceAtOnceIsMadeAlike()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script, "house.jpg");

        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => script.GetAsync($"/studio/preview/{photo:N}?preset=toddler&turns=1")));

        Assert.All(both, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(await both[0].Content.ReadAsByteArrayAsync(), await both[1].Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task WithoutSigningInItIs401AndNotARedirect()
    {
        var response = await Anonymous().GetAsync($"/studio/preview/{Guid.NewGuid():N}?preset=kids");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
