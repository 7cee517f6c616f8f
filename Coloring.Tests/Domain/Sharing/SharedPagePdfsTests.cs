using System.Net;
using Coloring.Domain.Data;
using Coloring.Domain.Sharing;
using Coloring.Tests.Domain.Export;
using Coloring.Tests.Support;
using Coloring.Web.RateLimits;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace Coloring.Tests.Domain.Sharing;

public sealed class SharedPagePdfsOnSqliteTests() : SharedPagePdfsTests(DatabaseProvider.Sqlite);

public sealed class SharedPagePdfsOnPostgresTests() : SharedPagePdfsTests(DatabaseProvider.Postgres);

/// <summary>A shared page's PDF for anyone with the link: two per network here, free for the owner.</summary>
public abstract class SharedPagePdfsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private static readonly IPAddress Home = IPAddress.Parse("203.0.113.7");

    private SharedPagePdfs Pdfs => Get<SharedPagePdfs>();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<RateLimitOptions>(o => o.SharedPdfs.PermitLimit = 2);

    [Fact]
    public async Task A_shared_page_is_printed_on_the_owners_paper_with_its_name()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, name: "Rex", svgText: ExportPages.Lines(3));
        var secret = (await Get<ShareLinks>().CreateAsync(user.Id, job.Id)).Secret;

        var result = await Pdfs.MakeAsync(secret, Home);

        Assert.Equal(SharedPdfOutcome.Made, result.Outcome);
        using var pdf = PdfDocument.Open(result.Pdf!.Pdf!);
        Assert.Contains("Rex", pdf.GetPage(1).Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    public async Task A_link_that_opens_nothing_is_not_found_and_not_counted_against_the_network(string? secret)
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, svgText: ExportPages.Lines(3));
        var real = (await Get<ShareLinks>().CreateAsync(user.Id, job.Id)).Secret;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SharedPdfOutcome.NotFound, (await Pdfs.MakeAsync(secret, Home)).Outcome);
        }

        Assert.Equal(SharedPdfOutcome.Made, (await Pdfs.MakeAsync(real, Home)).Outcome);
    }

    [Fact]
    public async Task The_third_pdf_from_one_network_at_once_is_refused_and_another_network_still_gets_its_own()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, svgText: ExportPages.Lines(3));
        var secret = (await Get<ShareLinks>().CreateAsync(user.Id, job.Id)).Secret;

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Pdfs.MakeAsync(secret, Home)));

        Assert.Equal(2, results.Count(r => r.Outcome == SharedPdfOutcome.Made));
        var refused = Assert.Single(results, r => r.Outcome == SharedPdfOutcome.TooMany);
        Assert.True(refused.Limit!.RetryAfterSeconds >= 1);
        Assert.Contains("Try again", refused.Message);
        Assert.Equal(SharedPdfOutcome.Made, (await Pdfs.MakeAsync(secret, IPAddress.Parse("198.51.100.9"))).Outcome);
    }

    [Fact]
    public async Task A_revoked_link_prints_nothing()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, svgText: ExportPages.Lines(3));
        var links = Get<ShareLinks>();
        var secret = (await links.CreateAsync(user.Id, job.Id)).Secret;

        await links.RevokeAsync(user.Id, job.Id);

        Assert.Equal(SharedPdfOutcome.NotFound, (await Pdfs.MakeAsync(secret, Home)).Outcome);
    }
}
