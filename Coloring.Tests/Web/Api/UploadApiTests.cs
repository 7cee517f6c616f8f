using System.Net;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Coloring.Tests.Web.Api;

public sealed class UploadApiOnSqliteTests() : UploadApiTests(DatabaseProvider.Sqlite);

public sealed class UploadApiOnPostgresTests() : UploadApiTests(DatabaseProvider.Postgres);

/// <summary><c>POST /api/upload</c>: the same intake as the Create page.</summary>
public abstract class UploadApiTests(DatabaseProvider provider) : ApiTest(provider)
{
    // A photo waits a second for a decode turn here, so the busy answer comes quickly.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Photos:QueueWait"] = "00:00:01" };

    [Fact]
    public async Task AJpegCutShortWithItsEndMarkerPutBackIsA400AndLeavesNothing()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var balance = await Get<CreditLedger>().GetBalanceAsync(userId);
        var jpeg = TestImages.Photo("mandrill-face.jpg");
        byte[] cut = [.. jpeg[..(jpeg.Length * 6 / 10)], 0xFF, 0xD9];

        var problem = await AssertProblemAsync(await script.PostAsync("/api/upload", PhotoForm(cut, fileName: "cut.jpg")), HttpStatusCode.BadRequest, "file");

        Assert.Contains("damaged or incomplete", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(balance, await Get<CreditLedger>().GetBalanceAsync(userId));
        Assert.Equal(0, await CountOriginalsAsync());
        Assert.False(OriginalFilesExist());
    }

    [Fact]
    public async Task WhileEveryDecodeTurnIsTakenAnUploadIs503WithRetryAfterAndStoresNothing()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var gate = Get<PhotoDecodeGate>();
        using var release = new ManualResetEventSlim();
        var held = Enumerable.Range(0, 2).Select(_ => gate.RunAsync(() => release.Wait(TimeSpan.FromMinutes(1)))).ToList();

        HttpResponseMessage busy;
        try
        {
            busy = await script.PostAsync("/api/upload", PhotoForm(TestImages.Photo("sweets.png")));
        }
        finally
        {
            release.Set();
            await Task.WhenAll(held);
        }

        var problem = await AssertProblemAsync(busy, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("5", busy.Headers.GetValues("Retry-After").Single());
        Assert.Contains("try again", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountOriginalsAsync());
        await UploadAsync(script);
        Assert.Equal(1, await CountOriginalsAsync());
    }

    [Fact]
    public async Task AHugePhotoIsStoredNoLargerThanTheEngineEverNeeds()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");

        var response = await script.PostAsync("/api/upload", PhotoForm(TestImages.Encode(6000, 4000, SKEncodedImageFormat.Jpeg), fileName: "big.jpg"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal((PhotoReader.StoredLongSide, 1365), (body.GetProperty("width").GetInt32(), body.GetProperty("height").GetInt32()));
        var asset = (await Get<AssetStore>().FindAsync(body.GetProperty("assetId").GetGuid(), userId))!;
        using var stored = SKBitmap.Decode(await Get<AssetStore>().ReadAllAsync(asset));
        Assert.Equal((2048, 1365), (stored.Width, stored.Height));
    }

    private async Task<int> CountOriginalsAsync()
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await db.Assets.CountAsync(a => a.Bucket == Bucket.Originals);
    }

    private bool OriginalFilesExist() =>
        Directory.Exists(Path.Combine(App.StorageRoot, "originals")) && Directory.EnumerateFiles(Path.Combine(App.StorageRoot, "originals"), "*", SearchOption.AllDirectories).Any();

    [Fact]
    public async Task APhotoIsStoredReencodedWithoutMetadataAndDescribed()
    {
        var (script, userId, _) = await ScriptAsync("ann@example.com");
        var withGps = TestImages.WithExif(TestImages.Encode(900, 600, SKEncodedImageFormat.Jpeg), orientation: 6);

        var response = await script.PostAsync("/api/upload", PhotoForm(withGps, fileName: "holiday.jpg"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal(600, body.GetProperty("width").GetInt32());
        Assert.Equal(900, body.GetProperty("height").GetInt32());
        var asset = await Get<AssetStore>().FindAsync(body.GetProperty("assetId").GetGuid(), userId);
        Assert.Equal(Bucket.Originals, asset!.Bucket);
        var stored = await Get<AssetStore>().ReadAllAsync(asset);
        Assert.DoesNotContain("GPSMARKER", System.Text.Encoding.ASCII.GetString(stored!));
    }

    [Fact]
    public async Task TheSignedInBrowserCanUploadToo()
    {
        var (browser, _) = await BrowserAsync("ann@example.com");

        await UploadAsync(browser);
    }

    [Fact]
    public async Task WithoutCredentialsItIs401AndNothingIsStored()
    {
        var response = await Anonymous().PostAsync("/api/upload", PhotoForm(TestImages.Photo("sweets.png")));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Null(response.Headers.Location);
        Assert.False(Directory.Exists(Path.Combine(App.StorageRoot, "originals")) && Directory.EnumerateFiles(Path.Combine(App.StorageRoot, "originals"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task AFalseTokenIs401()
    {
        var response = await ScriptWith("col_" + new string('A', 43)).PostAsync("/api/upload", PhotoForm(TestImages.Photo("sweets.png")));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task EmptyMissingHugeAndWrongFilesAre400sNamingTheFile()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");

        await AssertProblemAsync(await script.PostAsync("/api/upload", PhotoForm([])), HttpStatusCode.BadRequest, "file");
        await AssertProblemAsync(await script.PostAsync("/api/upload", PhotoForm(TestImages.Photo("sweets.png"), field: "photo")), HttpStatusCode.BadRequest, "file");
        await AssertProblemAsync(await script.PostAsync("/api/upload", PhotoForm("%PDF-1.7 not a photo"u8.ToArray())), HttpStatusCode.BadRequest, "file");
        await AssertProblemAsync(await script.PostAsync("/api/upload", PhotoForm(new byte[11 * 1024 * 1024])), HttpStatusCode.BadRequest, "file");
        var truncated = TestImages.Photo("butterfly.jpg")[..5000];
        await AssertProblemAsync(await script.PostAsync("/api/upload", PhotoForm(truncated)), HttpStatusCode.BadRequest, "file");
    }

    [Fact]
    public async Task ABodyThatIsNotAFormIsA400NotA500()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");

        var response = await script.PostAsync("/api/upload", RawJson("{\"file\":\"x\"}"));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"Got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
