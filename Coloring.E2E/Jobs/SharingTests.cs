using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Jobs;

/// <summary>Sharing a page by link, stopping it, e-mailing the page, and printing it.</summary>
[Collection(JobsCollection.Name)]
public sealed class SharingTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task A_shared_page_opens_signed_out_with_its_pdf_and_answers_404_once_the_link_is_revoked()
    {
        var email = NewEmail("sharer");
        await SignInAsync(Page, email);
        var jobId = await MakePageAsync(Page, TestPhotos.Dog);
        var job = new JobDetailPage(Page);
        await Expect(job.PageImage).ToHaveJSPropertyAsync("complete", true);
        await Screenshots.CaptureAsync(Page, "79-job-page-print-share-email");

        await job.Share.ClickAsync();
        await Expect(job.ShareDialog).ToBeVisibleAsync();
        await job.MakeShareLink.ClickAsync();
        await Expect(job.ShareLink).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"/shared/[A-Za-z0-9_-]{22}$"));
        var link = await job.ShareLink.InputValueAsync();
        await Screenshots.CaptureAsync(Page, "80-share-dialog");

        // A grandparent, signed out, in another browser profile.
        var stranger = await NewPageAsync();
        var response = await stranger.GotoAsync(link);
        Assert.Equal(200, response!.Status);
        Assert.Contains("noindex", (await response.AllHeadersAsync())["x-robots-tag"]);
        await Expect(stranger.Locator("meta[name=robots]")).ToHaveAttributeAsync("content", SharingRobots);
        var image = stranger.GetByRole(AriaRole.Img, new() { Name = "Coloring page" });
        await Expect(image).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await image.EvaluateAsync<int>("i => i.naturalWidth") > 0, "The shared page's picture loads.");
        await Expect(stranger.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).First).ToBeVisibleAsync();
        await Screenshots.CaptureAsync(stranger, "81-shared-page");
        var pdf = await stranger.APIRequest.GetAsync(link + "/page.pdf");
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        using (var document = PdfDocument.Open(await pdf.BodyAsync()))
        {
            Assert.Equal(1, document.NumberOfPages);
        }

        await Expect(job.Shell.Balance).ToHaveTextAsync("2 credits"); // opening it cost nothing

        // Stop sharing: the page, its picture and its PDF are not found any more.
        await job.ShareDialog.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await Expect(job.ShareDialog).ToHaveCountAsync(0);
        await job.Share.ClickAsync();
        await Expect(job.ShareDialog.GetByTestId("share-active")).ToContainTextAsync("This page is shared since");
        await Expect(job.ShareLink).ToHaveCountAsync(0); // shown once, when it was made
        await job.StopSharing.ClickAsync();
        await Expect(job.ShareDialog).ToHaveCountAsync(0);
        var gone = await stranger.GotoAsync(link);
        Assert.Equal(404, gone!.Status);
        await Expect(stranger.GetByRole(AriaRole.Heading, new() { Name = "We couldn't find that page" })).ToBeVisibleAsync();
        Assert.Equal(404, (await stranger.APIRequest.GetAsync(link + "/page.png")).Status);
        Assert.Equal(404, (await stranger.APIRequest.GetAsync(link + "/page.pdf")).Status);
        Assert.Equal(404, (await stranger.APIRequest.GetAsync($"/shared/{new string('A', 22)}")).Status);
        Assert.Equal(404, (await stranger.APIRequest.GetAsync($"/jobs/{jobId}/print.pdf")).Status);
    }

    [Fact]
    public async Task Print_opens_the_pages_pdf_in_a_new_tab()
    {
        await SignInAsync(Page, NewEmail("printer"));
        var jobId = await MakePageAsync(Page, TestPhotos.Dog);
        var job = new JobDetailPage(Page);

        await Expect(job.Print).ToHaveAttributeAsync("target", "_blank");
        await Expect(job.Print).ToHaveAttributeAsync("href", $"/jobs/{jobId}/print.pdf");
        var popup = await Page.RunAndWaitForPopupAsync(() => job.Print.ClickAsync());
        Assert.NotSame(Page, popup);

        // Headless Chromium has no PDF viewer to show (it saves the file instead): what the tab is sent is what counts.
        var pdf = await Page.APIRequest.GetAsync($"/jobs/{jobId}/print.pdf");
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        Assert.StartsWith("inline", pdf.Headers["content-disposition"]);
        using (var document = PdfDocument.Open(await pdf.BodyAsync()))
        {
            Assert.Equal(1, document.NumberOfPages);
        }

        await Expect(Page.GetByText("The PDF opens in a new tab")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task E_mail_this_page_sends_the_pdf_to_the_typed_address_and_refuses_a_bad_one()
    {
        var email = NewEmail("sender");
        await SignInAsync(Page, email);
        await MakePageAsync(Page, TestPhotos.Dog);
        var job = new JobDetailPage(Page);
        var grandma = NewEmail("grandma");

        await job.EmailThisPage.ClickAsync();
        await job.EmailTo.FillAsync("grandma@example.com\r\nBcc: everyone@example.com");
        await job.SendEmail.ClickAsync();
        await Expect(job.EmailDialog).ToContainTextAsync("Type one e-mail address");
        await job.EmailTo.FillAsync("  " + grandma.ToUpperInvariant() + " ");
        await Screenshots.CaptureAsync(Page, "82-email-page-dialog");
        await job.SendEmail.ClickAsync();
        await Expect(job.EmailDialog).ToHaveCountAsync(0);
        await Expect(Page.GetByText($"The page is on its way to {grandma}.")).ToBeVisibleAsync();

        var sent = await Mail.WaitForMessageToAsync(grandma);
        Assert.Equal("A coloring page for you", sent.Subject);
        Assert.Contains(email, sent.TextBody);
        var attachment = Assert.Single(sent.Attachments);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.EndsWith(".pdf", attachment.Name);
        using (var pdf = PdfDocument.Open(attachment.Content))
        {
            Assert.Equal(1, pdf.NumberOfPages);
        }

        Assert.Empty(Mail.MessagesTo("everyone@example.com"));
    }

    private const string SharingRobots = "noindex, nofollow, noarchive";
}
