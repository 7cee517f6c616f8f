using System.Net;
using Coloring.Domain.Data;
using Coloring.Domain.Sharing;
using Coloring.Tests.Domain.Export;
using Coloring.Tests.Support;
using Coloring.Web.Sharing;
using UglyToad.PdfPig;

namespace Coloring.Tests.Web.Sharing;

/// <summary>Share links, Print and "E-mail this page" through the running app, with their worst inputs.</summary>
public sealed class SharingThroughTheAppTests() : AppTest(DatabaseProvider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = "",
        ["RateLimits:PageEmails:PermitLimit"] = "3",
        ["RateLimits:PageEmails:Window"] = "01:00:00",
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

        var result = await Get<PageMailer>().SendAsync(userId, "ann@example.com", job.Id, "  Grandma@Example.COM ");

        Assert.Equal(EmailPageOutcome.Sent, result.Outcome);
        Assert.Equal("grandma@example.com", result.To);
        var sent = await Mail.WaitForMessageToAsync("grandma@example.com");
        Assert.Contains("ann@example.com", sent.TextBody);
        var attachment = Assert.Single(sent.Attachments);
        Assert.Equal("application/pdf", attachment.ContentType);
        using var pdf = PdfDocument.Open(attachment.Content);
        Assert.Contains("Rex", pdf.GetPage(1).Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not an address")]
    [InlineData("grandma@example.com\r\nBcc: everyone@example.com")]
    [InlineData("grandma@example.com, everyone@example.com")]
    [InlineData("Grandma <grandma@example.com>")]
    [InlineData("grandma@exa\u200Bmple.com")]
    [InlineData("\u202Emoc.elpmaxe@amdnarg")]
    public async Task A_missing_or_hostile_address_is_refused_and_nothing_is_sent_or_counted(string? address)
    {
        var (_, userId) = await SignedInAsync("ann@example.com");
        var job = await App.Services.AddFinishedPageAsync(userId, svgText: ExportPages.Lines(3));

        var result = await Get<PageMailer>().SendAsync(userId, "ann@example.com", job.Id, address);

        Assert.Equal(EmailPageOutcome.InvalidAddress, result.Outcome);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(EmailPageOutcome.Sent, (await Get<PageMailer>().SendAsync(userId, "ann@example.com", job.Id, $"friend{i}@example.com")).Outcome);
        }

        Assert.Empty(Mail.MessagesTo("everyone@example.com"));
    }

    [Fact]
    public async Task A_huge_address_is_refused()
    {
        var (_, userId) = await SignedInAsync("ann@example.com");
        var job = await App.Services.AddFinishedPageAsync(userId, svgText: ExportPages.Lines(3));

        var result = await Get<PageMailer>().SendAsync(userId, "ann@example.com", job.Id, new string('a', 1_000_000) + "@example.com");

        Assert.Equal(EmailPageOutcome.InvalidAddress, result.Outcome);
    }

    [Fact]
    public async Task A_look_alike_address_goes_to_the_mailbox_its_characters_name_and_the_person_is_told_which()
    {
        var (_, userId) = await SignedInAsync("ann@example.com");
        var job = await App.Services.AddFinishedPageAsync(userId, svgText: ExportPages.Lines(3));

        // Full-width letters are the same letters; a Cyrillic "а" makes another domain, written as punycode.
        var fullWidth = await Get<PageMailer>().SendAsync(userId, "ann@example.com", job.Id, "ｇｒａｎｄｍａ@example.com");
        var cyrillic = await Get<PageMailer>().SendAsync(userId, "ann@example.com", job.Id, "grandma@ex\u0430mple.com");

        Assert.Equal("grandma@example.com", fullWidth.To);
        Assert.StartsWith("grandma@xn--", cyrillic.To);
        Assert.Contains(cyrillic.To!, cyrillic.Message);
    }

    [Fact]
    public async Task Someone_elses_page_is_not_found_and_the_fourth_mail_in_an_hour_is_refused()
    {
        var (_, userId) = await SignedInAsync("ann@example.com");
        var (_, otherId) = await SignedInAsync("bob@example.com");
        var mine = await App.Services.AddFinishedPageAsync(userId, svgText: ExportPages.Lines(3));
        var theirs = await App.Services.AddFinishedPageAsync(otherId, svgText: ExportPages.Lines(3));
        var mailer = Get<PageMailer>();

        Assert.Equal(EmailPageOutcome.NotFound, (await mailer.SendAsync(userId, "ann@example.com", theirs.Id, "grandma@example.com")).Outcome);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => mailer.SendAsync(userId, "ann@example.com", mine.Id, $"friend{i}@example.com")));

        Assert.Equal(3, results.Count(r => r.Outcome == EmailPageOutcome.Sent));
        Assert.Contains("You can send again", Assert.Single(results, r => r.Outcome == EmailPageOutcome.TooMany).Message);
    }
}
