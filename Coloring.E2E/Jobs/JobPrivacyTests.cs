using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Jobs;

[Collection(JobsCollection.Name)]
public sealed class JobPrivacyTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AnotherUsersJobPageIsNotFoundAndItsDownloadAnswers404()
    {
        await SignInAsync(Page, NewEmail("owner"));
        var jobId = await MakePageAsync(Page, TestPhotos.Sweets);
        // The owner can download it: the 404 below is about who asks, not a broken link.
        Assert.Equal(200, (await Page.APIRequest.GetAsync($"/jobs/{jobId}/download/png")).Status);

        var other = await NewPageAsync();
        await SignInAsync(other, NewEmail("stranger"));
        await other.GotoAsync($"/jobs/{jobId}");

        await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "We couldn't find that page" })).ToBeVisibleAsync();
        await Expect(new JobDetailPage(other).PageImage).ToHaveCountAsync(0);
        await Screenshots.CaptureAsync(other, "30-job-of-another-user");
        foreach (var kind in new[] { "png", "svg", "preview", "original" })
        {
            var response = await other.APIRequest.GetAsync($"/jobs/{jobId}/download/{kind}");
            Assert.Equal(404, response.Status);
        }
    }
}
