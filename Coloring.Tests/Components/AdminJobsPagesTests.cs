using Bunit;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Tests.Support;
using Coloring.Web.Components.Pages.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Coloring.Tests.Components;

/// <summary>The admin's jobs list and a job's page: thumbnails, addresses on one line, metrics in words, and paging on a phone.</summary>
public sealed class AdminJobsPagesTests : ComponentTest
{
    private const string PhoneQuery = "(max-width: 599.98px)";

    [Fact]
    public async Task EachFinishedJobShowsItsPageAsAThumbnailWithItsOwnAlternativeText()
    {
        var admin = await App.AddAdminAsync();
        var user = await App.AddUserWithCreditsAsync(3, "ann@example.com");
        var made = await App.AddFinishedPageAsync(user.Id);
        await App.AddFinishedPageAsync(user.Id, status: JobStatus.Failed);
        SignIn(admin.Id, admin.Email);

        var page = Interactive().Render<JobList>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));
        var thumb = Assert.Single(page.FindAll("img[data-testid=job-thumb]"));
        Assert.StartsWith($"/files/{made.PreviewAssetId:N}?token=", thumb.GetAttribute("src"));
        Assert.StartsWith("Page by ann@example.com, ", thumb.GetAttribute("alt"));
    }

    [Fact]
    public async Task AHugeAddressStaysOnOneLineAndIsWholeInItsTooltip()
    {
        var admin = await App.AddAdminAsync();
        var address = new string('a', 60) + "-" + new string('b', 60) + "@example.com";
        var user = await App.AddUserWithCreditsAsync(3, address);
        await App.AddFinishedPageAsync(user.Id);
        SignIn(admin.Id, admin.Email);

        var page = Interactive().Render<JobList>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr")));
        var shown = page.Find("td .address-cut");
        Assert.Equal(address, shown.GetAttribute("title"));
        Assert.Equal(address, shown.TextContent.Trim());
        Assert.Equal($"/admin/users/{user.Id}", shown.GetAttribute("href"));
    }

    [Fact]
    public async Task OnAPhoneTheListPagesTenJobsAtATime()
    {
        JSInterop.Setup<bool>("mudResizeListener.matchMedia", PhoneQuery).SetResult(true);
        var admin = await App.AddAdminAsync();
        var user = await App.AddUserWithCreditsAsync(3);
        for (var i = 0; i < 12; i++)
        {
            await App.AddFinishedPageAsync(user.Id);
        }

        SignIn(admin.Id, admin.Email);

        var page = Interactive().Render<JobList>();

        page.WaitForAssertion(() => Assert.Equal(JobList.PhoneRowsPerPage, page.FindAll("tbody tr").Count));
        Assert.Equal(JobList.PhoneRowsPerPage, page.FindComponent<MudTable<Coloring.Domain.Admin.JobRow>>().Instance.RowsPerPage);
    }

    [Fact]
    public async Task OnAWideScreenTheListKeepsTwentyFiveJobsAPage()
    {
        JSInterop.Setup<bool>("mudResizeListener.matchMedia", PhoneQuery).SetResult(false);
        var admin = await App.AddAdminAsync();
        var user = await App.AddUserWithCreditsAsync(3);
        for (var i = 0; i < 12; i++)
        {
            await App.AddFinishedPageAsync(user.Id);
        }

        SignIn(admin.Id, admin.Email);

        var page = Interactive().Render<JobList>();

        page.WaitForAssertion(() => Assert.Equal(12, page.FindAll("tbody tr").Count));
    }

    [Fact]
    public async Task AJobsMetricsAreNamedInWordsWithTheRawNameInTheTooltip()
    {
        var admin = await App.AddAdminAsync();
        var user = await App.AddUserWithCreditsAsync(3);
        var job = await App.AddFinishedPageAsync(user.Id);
        await using (var db = await App.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.MetricsJson, """{"inkCoverage":0.071,"largestBlobShare":0.0002,"linePt":3.5,"openEnds":0}"""));
        }

        SignIn(admin.Id, admin.Email);

        var page = Interactive().Render<JobView>(p => p.Add(c => c.Id, job.Id));

        page.WaitForAssertion(() => Assert.Equal(["Ink coverage", "Largest blob share", "Line weight (pt)", "Open ends"],
            page.FindAll("[data-testid=metrics] dt").Select(d => d.TextContent.Trim())));
        Assert.Equal("inkCoverage", page.Find("[data-testid=metrics] dt").GetAttribute("title"));
        Assert.DoesNotContain(">inkCoverage<", page.Markup);
    }

    [Theory]
    [InlineData("inkCoverage", "Ink coverage")]
    [InlineData("InkCoverage", "Ink coverage")]
    [InlineData("smallRegionShare", "Small region share")]
    [InlineData("specks", "Specks")]
    [InlineData("measuredStrokeWidthPx", "Measured stroke width (px)")]
    [InlineData("stageMs", "Time per stage (ms)")]
    [InlineData("open_ends", "Open ends")]
    [InlineData("", "")]
    public void AMetricsKeyIsSaidInWords(string key, string words) => Assert.Equal(words, MetricNames.For(key));

    private AdminJobsPagesTests Interactive()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return this;
    }
}
