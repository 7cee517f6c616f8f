using System.Buffers.Binary;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Jobs;

[Collection(JobsCollection.Name)]
public sealed class GenerationTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AParentUploadsAPhotoWatchesProgressDownloadsThePngAndSvgAndPaysOneCredit()
    {
        var email = NewEmail("maker");
        await SignInAsync(Page, email);
        await ProgressRecorder.InstallAsync(Page);

        var create = new CreatePage(Page);
        await create.GotoAsync(); // a new document, so the recorder runs in it
        await Expect(create.Heading).ToBeVisibleAsync();
        await Expect(create.Cost).ToHaveTextAsync("Cost: 1 credit. You have 3 credits.");
        await Expect(create.GenerateButton).ToBeDisabledAsync(); // nothing chosen yet
        await Expect(create.Kids).ToBeCheckedAsync();
        await Expect(create.A4).ToBeCheckedAsync();
        await Screenshots.CaptureAsync(Page, "20-create-empty");

        // A camera-size photo at the most detailed preset: the page takes a moment, so there is progress to watch
        // (a small photo can be finished before the job page has even loaded).
        await create.ChoosePhotoAsync(TestPhotos.CameraSize);
        await Expect(create.PhotoPreview).ToBeVisibleAsync();
        await Expect(create.PhotoError).ToBeEmptyAsync();
        await Expect(create.GenerateButton).ToBeEnabledAsync();
        await create.Detailed.CheckAsync();
        await Screenshots.CaptureAsync(Page, "21-create-photo-chosen");

        await create.GenerateButton.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/jobs/[0-9a-f-]{36}$"));
        var job = new JobDetailPage(Page);
        await Expect(job.PageImage.Or(job.Progress)).ToBeVisibleAsync();
        if (await job.Progress.IsVisibleAsync())
        {
            await Screenshots.CaptureAsync(Page, "22-job-in-progress");
        }

        await Expect(job.PageImage).ToBeVisibleAsync(new() { Timeout = GenerationTimeout });
        await Expect(job.Heading).ToHaveTextAsync("Your page is ready");
        await Expect(job.Progress).ToHaveCountAsync(0);

        // The parent saw the page being made before it appeared, and it only ever moved forward.
        var (seen, shownAfter) = await ProgressRecorder.ReadAsync(Page);
        Assert.NotEmpty(seen);
        Assert.Equal(seen.Count, shownAfter);
        Assert.All(seen, s => Assert.False(string.IsNullOrWhiteSpace(s.Stage), "Every progress state names its stage."));
        var percents = seen.Select(s => Regex.Match(s.Text, @"^(\d+)%$")).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(percents.Order(), percents);
        Assert.All(percents, p => Assert.InRange(p, 0, 99)); // 100 is the finished page itself
        Assert.All(seen.Where(s => s.Text.EndsWith('%')), s => Assert.Equal(s.Text, $"{s.Percent}%")); // the bar says what the text says

        await Expect(job.PageImage).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await job.PageImage.EvaluateAsync<int>("i => i.naturalWidth") > 0, "The page image loads.");
        await Expect(job.Shell.Balance).ToHaveTextAsync("2 credits");
        Assert.Equal("2 credits", (await job.Shell.Balance.InnerTextAsync()).Trim());
        await Screenshots.CaptureAsync(Page, "23-job-ready");

        var png = await Page.RunAndWaitForDownloadAsync(() => job.DownloadPng.ClickAsync());
        Assert.EndsWith(".png", png.SuggestedFilename);
        var pngBytes = await File.ReadAllBytesAsync(await png.PathAsync());
        var (width, height) = PngSize(pngBytes);
        Assert.True((width, height) is (2480, 3508) or (3508, 2480), $"An A4 page at 300 DPI is 2480x3508; this one is {width}x{height}.");

        var svg = await Page.RunAndWaitForDownloadAsync(() => job.DownloadSvg.ClickAsync());
        Assert.EndsWith(".svg", svg.SuggestedFilename);
        var document = XDocument.Load(await svg.PathAsync());
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.Equal("http://www.w3.org/2000/svg", document.Root.Name.NamespaceName);

        // The credit history tells the same story.
        var credits = new CreditsPage(Page);
        await credits.GotoAsync();
        await Expect(credits.Balance).ToHaveTextAsync("2 credits");
        await Expect(credits.HistoryRow("Coloring page made")).ToContainTextAsync("-1");
    }

    [Fact]
    public async Task MakeAnotherVersionOpensCreateWithTheSamePhotoAndChoicesPreselected()
    {
        var email = NewEmail("again");
        await SignInAsync(Page, email);
        var jobId = await MakePageAsync(Page, TestPhotos.House, async create =>
        {
            await create.Toddler.CheckAsync();
            await create.Letter.CheckAsync();
        });

        var job = new JobDetailPage(Page);
        await job.MakeAnotherVersion.ClickAsync();

        var create = new CreatePage(Page);
        await Expect(Page).ToHaveURLAsync(Url($"/create?from={jobId}"));
        await Expect(create.PhotoPreview).ToBeVisibleAsync();
        await Expect(create.PhotoPreview).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await create.PhotoPreview.EvaluateAsync<int>("i => i.naturalWidth") > 0, "The preselected photo loads.");
        await Expect(create.Toddler).ToBeCheckedAsync();
        await Expect(create.Letter).ToBeCheckedAsync();
        await Expect(create.PhotoError).ToBeEmptyAsync();
        await Expect(create.Cost).ToHaveTextAsync("Cost: 1 credit. You have 2 credits.");
        // The same options would make the same page again: Generate waits for a change and says where that page is.
        await Expect(create.GenerateButton).ToBeDisabledAsync();
        await Expect(create.AlreadyMade.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/jobs/{jobId}");
        await Screenshots.CaptureAsync(Page, "24-create-another-version");
        await create.Kids.CheckAsync();
        await Expect(create.AlreadyMade).ToHaveCountAsync(0);
        await Expect(create.GenerateButton).ToBeEnabledAsync();
    }

    /// <summary>Width and height from the IHDR chunk, after checking the PNG signature.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.Length > 24 && png.AsSpan(0, 8).SequenceEqual(signature), "The download is a PNG.");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}
