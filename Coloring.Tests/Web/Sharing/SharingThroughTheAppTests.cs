using System.Net;
using Coloring.Domain.Data;
using Coloring.Domain.Sharing;
using Coloring.Tests.Domain.Export;
using Coloring.Tests.Support;
using UglyToad.PdfPig;

namespace Coloring.Tests.Web.Sharing;

/// <summary>
/// Share links, Print and "E-mail this page" through the running app: the endpoints' answers and the e-mail as
/// delivered. The use cases' own refusals are tested in Domain/Sharing.
/// </summary>
public sealed class SharingThroughTheAppTests() : AppTest(DatabaseProvider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = "",
        ["RateLimits:SharedPdfs:PermitLimit"] = "2",
        ["RateLimits:SharedPdfs:Window"] = "00:10:00",
    };

    [Fact]
    public async Task A_shared_page_and_its_files_are_not_indexed_not_cached_and_open_without_an_account()
    {
        var (owner, userId) = await SignedInAsync("ann@example.com");
        var job = await App.Services.AddFinishedPageAsync(userId, name: "Rex", svgText: ExportPages.Lines(3));
        var secret = (await Get<ShareLinks>().CreateAsync(userId, job.Id)).Secret;
        var stranger = App.CreateBrowser();

        foreach (var path in new[] { $"/shared/{secret}", $"/shared/{secret}/page.png", $"/shared/{secret}/page.pdf" })
        {
            var response = await stranger.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("noindex, nofollow, noarchive", string.Join(",", response.Headers.GetValues("X-Robots-Tag")));
            Assert.True(response.Headers.CacheControl!.NoStore, path);
            Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        }

        var html = await stranger.GetStringAsync($"/shared/{secret}");
        Assert.Contains("<meta name=\"robots\" content=\"noindex, nofollow, noarchive\"", html);
        Assert.Contains("Rex", html);
        var pdf = await stranger.GetAsync($"/shared/{secret}/page.pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", pdf.Content.Headers.ContentDisposition!.DispositionType);
        using var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Rex", document.GetPage(1).Text);
        owner.Dispose();
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("short")]
    [InlineData("%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_unknown_or_malformed_link_answers_404_for_the_page_and_its_files(string secret)
    {
        var stranger = App.CreateBrowser();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/shared/{secret}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/shared/{secret}/page.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/shared/{secret}/page.pdf")).StatusCode);
    }

    [Fact]
    public async Task Revoked_and_expired_links_answer_404()
    {
        var (_, userId) = await SignedInAsync("ann@example.com");
        var revoked = await App.Services.AddFinishedPageAsync(userId, svgText: ExportPages.Lines(3));
        var expiring = await App.Services.AddFinishedPageAsync(userId, svgText: ExportPages.Lines(3));
        var links = Get<ShareLinks>();
        var first = (await links.CreateAsync(userId, revoked.Id)).Secret;
        var second = (await links.CreateAsync(userId, expiring.Id, TimeSpan.FromDays(7))).Secret;
        var stranger = App.CreateBrowser();

        await links.RevokeAsync(userId, revoked.Id);
        Clock.Advance(TimeSpan.FromDays(7));

        foreach (var secret in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/shared/{secret}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/shared/{secret}/page.pdf")).StatusCode);
        }
    }

    [Fact]
    public async Task Shared_pdfs_are_limited_per_network_and_do_not_use_up_the_owners_own_pdfs()
    {
        var (owner, userId) = await BrowserAsync("ann@example.com");
        var job = await App.Services.AddFinishedPageAsync(userId, svgText: ExportPages.Lines(3));
        var secret = (await Get<ShareLinks>().CreateAsync(userId, job.Id)).Secret;
        var stranger = App.CreateBrowser();

        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync($"/shared/{secret}/page.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync($"/shared/{secret}/page.pdf")).StatusCode);
        var refused = await stranger.GetAsync($"/shared/{secret}/page.pdf");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync($"/shared/{secret}/page.png")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/jobs/{job.Id}/print.pdf")).StatusCode);
    }

    [Fact]
    public async Task Print_shows_the_owners_pdf_inline_and_nobody_elses()
    {
        var (owner, userId) = await BrowserAsync("ann@example.com");
        var (other, _) = await BrowserAsync("bob@example.com");
        var job = await App.Services.AddFinishedPageAsync(userId, svgText: ExportPages.Lines(3));

        var pdf = await owner.GetAsync($"/jobs/{job.Id}/print.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("inline", pdf.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/jobs/{job.Id}/print.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowser().GetAsync($"/jobs/{job.Id}/print.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/jobs/{Guid.NewGuid()}/print.pdf")).StatusCode);
        using var crossSite = new HttpRequestMessage(HttpMethod.Get, $"/jobs/{job.Id}/print.pdf");
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.SendAsync(crossSite)).StatusCode);
    }

    [Fact]
    public async Task E_mailing_a_page_sends_its_pdf_to_the_canonical_address()
    {
        var (_, userId) = await SignedInAsync("ann@example.com");
        var job = await App.Services.AddFinishedPageAsync(userId, name: "Rex", svgText: ExportPages.Lines(3));

        var result = await Get<PageEmails>().SendAsync(userId, "ann@example.com", job.Id, "  Grandma@Example.COM ");

        Assert.Equal(EmailPageOutcome.Sent, result.Outcome);
        Assert.Equal("grandma@example.com", result.To);
        var sent = await Mail.WaitForMessageToAsync("grandma@example.com");
        Assert.Contains("ann@example.com", sent.TextBody);
        var attachment = Assert.Single(sent.Attachments);
        Assert.Equal("application/pdf", attachment.ContentType);
        using var pdf = PdfDocument.Open(attachment.Content);
        Assert.Contains("Rex", pdf.GetPage(1).Text);
    }
}
