using Coloring.Domain.Data;
using Coloring.Domain.Export;
using Coloring.Domain.Sharing;
using Coloring.Tests.Domain.Export;
using Coloring.Tests.Support;
using Coloring.Web.RateLimits;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Domain.Sharing;

public sealed class PagePrintsOnSqliteTests() : PagePrintsTests(DatabaseProvider.Sqlite);

public sealed class PagePrintsOnPostgresTests() : PagePrintsTests(DatabaseProvider.Postgres);

/// <summary>The Print button: the owner's page only, from this site only, one PDF allowed here.</summary>
public abstract class PagePrintsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private PagePrints Prints => Get<PagePrints>();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<RateLimitOptions>(o => o.PdfExports.PermitLimit = 1);

    [Fact]
    public async Task A_print_asked_from_another_site_is_refused_and_does_not_use_up_the_persons_pdfs()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, svgText: ExportPages.Lines(3));

        var refused = await Prints.PrintAsync(user.Id, job.Id, fromThisSite: false);
        var printed = await Prints.PrintAsync(user.Id, job.Id, fromThisSite: true);

        Assert.True(refused.FromAnotherSite);
        Assert.Null(refused.Pdf);
        Assert.True(printed.Succeeded);
    }

    [Fact]
    public async Task Someone_elses_page_is_not_found()
    {
        var user = await Services.AddUserAsync();
        var other = await Services.AddUserAsync();
        var theirs = await Services.AddFinishedPageAsync(other.Id, svgText: ExportPages.Lines(3));

        var result = await Prints.PrintAsync(user.Id, theirs.Id, fromThisSite: true);

        Assert.False(result.Succeeded);
        Assert.Equal(PdfExportError.NotFound, result.Pdf!.Error);
    }

    [Fact]
    public async Task The_second_print_is_refused_by_the_persons_pdf_limit()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, svgText: ExportPages.Lines(3));

        var results = await Task.WhenAll(Prints.PrintAsync(user.Id, job.Id, true), Prints.PrintAsync(user.Id, job.Id, true));

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(PdfExportError.TooMany, Assert.Single(results, r => !r.Succeeded).Pdf!.Error);
    }
}
