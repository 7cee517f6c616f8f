using System.Collections.Concurrent;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Sharing;
using Coloring.Tests.Domain.Export;
using Coloring.Tests.Support;
using Coloring.Web.RateLimits;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace Coloring.Tests.Domain.Sharing;

public sealed class PageEmailsOnSqliteTests() : PageEmailsTests(DatabaseProvider.Sqlite);

public sealed class PageEmailsOnPostgresTests() : PageEmailsTests(DatabaseProvider.Postgres);

/// <summary>"E-mail this page": the address, the page, the limit (three an hour here), then the PDF, with their worst inputs.</summary>
public abstract class PageEmailsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private PageEmails Mailer => Get<PageEmails>();

    private QueuedPageEmails Queued => Get<QueuedPageEmails>();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.Configure<RateLimitOptions>(o => o.PageEmails.PermitLimit = 3);
        services.AddSingleton<QueuedPageEmails>();
        services.AddSingleton<IPageEmailSender>(sp => sp.GetRequiredService<QueuedPageEmails>());
    }

    [Fact]
    public async Task A_finished_page_is_queued_as_its_pdf_to_the_canonical_address()
    {
        var user = await Services.AddUserAsync("ann@example.com");
        var job = await Services.AddFinishedPageAsync(user.Id, name: "Rex", svgText: ExportPages.Lines(3));

        var result = await Mailer.SendAsync(user.Id, "ann@example.com", job.Id, "  Grandma@Example.COM ");

        Assert.Equal(EmailPageOutcome.Sent, result.Outcome);
        Assert.Equal("grandma@example.com", result.To);
        var email = Assert.Single(Queued.Emails);
        Assert.Equal(("grandma@example.com", "ann@example.com"), (email.To, email.SenderEmail));
        using var pdf = PdfDocument.Open(email.Pdf);
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
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, svgText: ExportPages.Lines(3));

        var result = await Mailer.SendAsync(user.Id, "ann@example.com", job.Id, address);

        Assert.Equal(EmailPageOutcome.InvalidAddress, result.Outcome);
        Assert.Empty(Queued.Emails);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(EmailPageOutcome.Sent, (await Mailer.SendAsync(user.Id, "ann@example.com", job.Id, $"friend{i}@example.com")).Outcome);
        }
    }

    [Fact]
    public async Task A_huge_address_is_refused()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, svgText: ExportPages.Lines(3));

        var result = await Mailer.SendAsync(user.Id, "ann@example.com", job.Id, new string('a', 1_000_000) + "@example.com");

        Assert.Equal(EmailPageOutcome.InvalidAddress, result.Outcome);
        Assert.Empty(Queued.Emails);
    }

    [Fact]
    public async Task A_look_alike_address_goes_to_the_mailbox_its_characters_name_and_the_person_is_told_which()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, svgText: ExportPages.Lines(3));

        // Full-width letters are the same letters; a Cyrillic "а" makes another domain, written as punycode.
        var fullWidth = await Mailer.SendAsync(user.Id, "ann@example.com", job.Id, "ｇｒａｎｄｍａ@example.com");
        var cyrillic = await Mailer.SendAsync(user.Id, "ann@example.com", job.Id, "grandma@ex\u0430mple.com");

        Assert.Equal("grandma@example.com", fullWidth.To);
        Assert.StartsWith("grandma@xn--", cyrillic.To);
        Assert.Contains(cyrillic.To!, cyrillic.Message);
    }

    [Fact]
    public async Task Someone_elses_page_or_an_unknown_one_is_not_found_and_not_counted()
    {
        var user = await Services.AddUserAsync();
        var other = await Services.AddUserAsync();
        var mine = await Services.AddFinishedPageAsync(user.Id, svgText: ExportPages.Lines(3));
        var theirs = await Services.AddFinishedPageAsync(other.Id, svgText: ExportPages.Lines(3));

        Assert.Equal(EmailPageOutcome.NotFound, (await Mailer.SendAsync(user.Id, "ann@example.com", theirs.Id, "grandma@example.com")).Outcome);
        Assert.Equal(EmailPageOutcome.NotFound, (await Mailer.SendAsync(user.Id, "ann@example.com", Guid.NewGuid(), "grandma@example.com")).Outcome);

        Assert.Empty(Queued.Emails);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(EmailPageOutcome.Sent, (await Mailer.SendAsync(user.Id, "ann@example.com", mine.Id, $"friend{i}@example.com")).Outcome);
        }
    }

    [Theory]
    [InlineData(JobStatus.Queued)]
    [InlineData(JobStatus.Running)]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Canceled)]
    public async Task A_page_that_is_not_finished_has_nothing_to_send(JobStatus status)
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, status: status);

        var result = await Mailer.SendAsync(user.Id, "ann@example.com", job.Id, "grandma@example.com");

        Assert.Equal(EmailPageOutcome.NothingToSend, result.Outcome);
        Assert.Empty(Queued.Emails);
    }

    [Fact]
    public async Task The_fourth_mail_in_an_hour_is_refused_when_all_four_are_sent_at_once()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, svgText: ExportPages.Lines(3));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Mailer.SendAsync(user.Id, "ann@example.com", job.Id, $"friend{i}@example.com")));

        Assert.Equal(3, results.Count(r => r.Outcome == EmailPageOutcome.Sent));
        Assert.Contains("You can send again", Assert.Single(results, r => r.Outcome == EmailPageOutcome.TooMany).Message);
        Assert.Equal(3, Queued.Emails.Count);
    }

    [Fact]
    public async Task A_full_outbox_is_told_and_nothing_is_queued()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, svgText: ExportPages.Lines(3));
        Queued.Full = true;

        var result = await Mailer.SendAsync(user.Id, "ann@example.com", job.Id, "grandma@example.com");

        Assert.Equal(EmailPageOutcome.NotSent, result.Outcome);
        Assert.Null(result.To);
        Assert.Empty(Queued.Emails);
    }

    /// <summary>The e-mails the use case queued (the web layer's writer is tested through the app).</summary>
    private sealed class QueuedPageEmails : IPageEmailSender
    {
        public ConcurrentQueue<PageEmail> Emails { get; } = new();

        public bool Full { get; set; }

        public bool TryQueue(PageEmail email)
        {
            if (Full)
            {
                return false;
            }

            Emails.Enqueue(email);
            return true;
        }
    }
}
