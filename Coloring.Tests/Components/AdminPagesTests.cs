using Bunit;
using Coloring.Domain.Admin;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Payments;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Coloring.Web.Admin;
using Coloring.Web.Components.Pages.Admin;
using Coloring.Web.Components.Pages.Admin.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Quartz;

namespace Coloring.Tests.Components;

/// <summary>The admin dashboard and a user's admin page, rendered with the real services over SQLite.</summary>
public sealed class AdminPagesTests : ComponentTest
{
    public AdminPagesTests()
    {
        // The Storage page reads the next cleanup from Quartz: a scheduler of this test's own, with nothing scheduled.
        Services.AddQuartz(q => q.ConfigureScheduler(s => s.InstanceName = $"admin-pages-{Guid.NewGuid():N}"));
        Services.AddSingleton<CleanupSchedule>();
    }

    [Fact]
    public async Task TheDashboardShowsUsersQueueChartAndStorageToAnAdmin()
    {
        var admin = await App.AddAdminAsync();
        var user = await App.AddUserWithCreditsAsync(3);
        var photo = await App.GetRequiredService<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        await App.GetRequiredService<PageStarts>().StartAsync(user.Id, photo.Id, new PageOptions());
        SignIn(admin.Id, admin.Email);

        var page = Interactive().Render<Dashboard>();

        Assert.Equal("2", page.Find("[data-testid=stat-users] .stat-value").TextContent.Trim());
        Assert.Contains("2 new this week", page.Find("[data-testid=stat-users]").TextContent);
        Assert.Equal("1", page.Find("[data-testid=stat-queue] .stat-value").TextContent.Trim());
        Assert.Equal("–", page.Find("[data-testid=stat-failures] .stat-value").TextContent.Trim());
        Assert.Contains("Queued: 1", page.Find("[data-testid=jobs-today]").TextContent);
        Assert.NotEmpty(page.FindAll("svg"));
        Assert.Contains("3 credits granted and 1 spent", page.Markup);
        Assert.Contains("Originals", page.Find("[data-testid=storage]").TextContent);
    }

    [Fact]
    public async Task TheDashboardShowsRevenueAndThePaymentsPageShowsWhatNeedsALook()
    {
        var admin = await App.AddAdminAsync();
        var user = await App.AddUserWithCreditsAsync(3);
        var now = Clock.GetUtcNow();
        await using (var db = await App.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            Payment Row(string session, PaymentStatus status, long amount, string? problem = null, int shortfall = 0) => new()
            {
                Id = Guid.NewGuid(), CheckoutSessionId = session, UserId = user.Id, PackId = "pack-10", Credits = 10, Amount = amount, Currency = "eur",
                Status = status, Problem = problem, CreditsNotTakenBack = shortfall, CreatedAt = now, PaidAt = now,
            };
            db.Payments.AddRange(
                Row("cs_paid_1", PaymentStatus.Paid, 499),
                Row("cs_paid_2", PaymentStatus.Paid, 1199),
                Row("cs_wrong", PaymentStatus.Mismatched, 499, "Paid 1.00 EUR but the pack costs 4.99 EUR; nothing was granted."),
                Row("cs_refunded", PaymentStatus.Refunded, 499, shortfall: 8));
            await db.SaveChangesAsync();
        }

        SignIn(admin.Id, admin.Email);

        var dashboard = Interactive().Render<Dashboard>();
        Assert.Contains("16.98 EUR from 2 purchases", dashboard.Find("[data-testid=revenue]").TextContent);
        Assert.Contains("2 payments need a look", dashboard.Find("[data-testid=revenue]").TextContent);

        var payments = Interactive().Render<PaymentList>();
        payments.WaitForAssertion(() => Assert.Contains("cs_wrong", payments.Markup));
        Assert.Contains("nothing was granted", payments.Markup);
        Assert.Contains("0; 8 already spent", payments.Markup);
        Assert.Equal(4, payments.FindAll("tbody tr").Count);
    }

    [Fact]
    public async Task ANormalUserGetsNothingOfThePaymentsPage()
    {
        var user = await App.AddUserWithCreditsAsync(3);
        SignIn(user.Id, user.Email!);

        var page = Interactive().Render<PaymentList>();

        Assert.DoesNotContain("Payments", page.Markup);
    }

    [Fact]
    public async Task ANormalUserGetsNothingOfTheDashboard()
    {
        var user = await App.AddUserWithCreditsAsync(3);
        SignIn(user.Id, user.Email!);

        var page = Interactive().Render<Dashboard>();

        Assert.Empty(page.FindAll("[data-testid=stat-users]"));
        Assert.DoesNotContain("Dashboard", page.Markup);
    }

    [Fact]
    public async Task TheUserPageShowsBalanceLedgerAndPages()
    {
        var admin = await App.AddAdminAsync();
        var user = await App.AddUserWithCreditsAsync(3, "ann@example.com");
        var photo = await App.GetRequiredService<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        var job = (await App.GetRequiredService<PageStarts>().StartAsync(user.Id, photo.Id, new PageOptions())).Job!;
        SignIn(admin.Id, admin.Email);

        var page = Interactive().Render<UserView>(p => p.Add(c => c.Id, user.Id));

        Assert.Equal("ann@example.com", page.Find("h1").TextContent.Trim());
        page.WaitForAssertion(() => Assert.Equal("2 credits", page.Find("[data-testid=user-balance]").TextContent.Trim()));
        page.WaitForAssertion(() => Assert.Contains("Coloring page made", page.Find("table[aria-label=Ledger], [aria-label=Ledger] table").TextContent));
        page.WaitForAssertion(() => Assert.Contains($"/admin/jobs/{job.Id}", page.Markup));
    }

    [Fact]
    public async Task GrantingFromTheUserPageShowsTheNewBalanceAndTheReasonInTheLedger()
    {
        var admin = await App.AddAdminAsync();
        var user = await App.AddUserWithCreditsAsync(3);
        SignIn(admin.Id, admin.Email);
        Render<MudPopoverProvider>();
        var page = Interactive().Render<UserView>(p => p.Add(c => c.Id, user.Id));

        page.FindComponent<MudNumericField<int>>().Find("input").Change("5");
        page.FindComponent<MudTextField<string>>().Find("textarea").Input("Printer ate the page");
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Add credits").Click();

        page.WaitForAssertion(() => Assert.Equal("8 credits", page.Find("[data-testid=user-balance]").TextContent.Trim()));
        page.WaitForAssertion(() => Assert.Contains("Printer ate the page", page.Markup));
        Assert.Equal(8, await App.GetRequiredService<CreditLedger>().GetBalanceAsync(user.Id));
        Assert.Equal("credits.grant", Assert.Single(await App.AuditEntriesAsync()).Action);
    }

    [Fact]
    public async Task RemovingMoreThanTheBalanceOrWithoutAReasonShowsWhyAndChangesNothing()
    {
        var admin = await App.AddAdminAsync();
        var user = await App.AddUserWithCreditsAsync(2);
        SignIn(admin.Id, admin.Email);
        Render<MudPopoverProvider>();
        var page = Interactive().Render<UserView>(p => p.Add(c => c.Id, user.Id));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Add credits").Click();
        page.WaitForAssertion(() => Assert.Contains("Write a reason", page.Find("[data-testid=credit-error]").TextContent));

        page.FindAll("input[type=radio]")[1].Click();
        page.FindComponent<MudNumericField<int>>().Find("input").Change("5");
        page.FindComponent<MudTextField<string>>().Find("textarea").Input("abuse");
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Remove credits").Click();

        page.WaitForAssertion(() => Assert.Contains("you can remove at most 2", page.Find("[data-testid=credit-error]").TextContent));
        Assert.Equal(2, await App.GetRequiredService<CreditLedger>().GetBalanceAsync(user.Id));
        Assert.Empty(await App.AuditEntriesAsync());
    }

    [Fact]
    public async Task AnAdminCannotLockThemselvesFromTheirOwnPage()
    {
        var admin = await App.AddAdminAsync();
        SignIn(admin.Id, admin.Email);

        var page = Interactive().Render<UserView>(p => p.Add(c => c.Id, admin.Id));

        Assert.True(page.FindAll("button").Single(b => b.TextContent.Trim() == "Lock").HasAttribute("disabled"));
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Trim() == "Remove admin").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ANormalUserGetsNothingOfAUsersPage()
    {
        var user = await App.AddUserWithCreditsAsync(3, "secret@example.com");
        var other = await App.AddUserWithCreditsAsync(3);
        SignIn(other.Id, other.Email!);

        var page = Interactive().Render<UserView>(p => p.Add(c => c.Id, user.Id));

        Assert.DoesNotContain("secret@example.com", page.Markup);
        Assert.Empty(page.FindAll("button"));
    }

    [Fact]
    public async Task TheStoragePageOnAFreshInstallSaysNoCleanupHasRunYet()
    {
        var admin = await App.AddAdminAsync();
        SignIn(admin.Id, admin.Email);

        var page = Interactive().Render<StoragePage>();

        Assert.Contains("No cleanup has run yet", page.Find("[data-testid=cleanup-history-empty]").TextContent);
        Assert.Contains("None yet.", page.Find("[data-testid=cleanup]").TextContent);
        Assert.Contains("Not scheduled", page.Find("[data-testid=cleanup]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=cleanup-history]"));
        Assert.Empty(page.FindAll("[data-testid=cleanup-failed]"));
    }

    [Fact]
    public async Task TheStoragePageListsPassesNewestFirstAndKeepsTheLastGoodOneInViewAfterAFailure()
    {
        var admin = await App.AddAdminAsync("tidy@example.com");
        var cleanup = App.GetRequiredService<Cleanup>();
        await App.GetRequiredService<StorageReport>().RunCleanupAsync(admin.Id);
        Clock.Advance(TimeSpan.FromHours(1));
        await ExecuteAsync("ALTER TABLE magic_link_tokens RENAME TO magic_link_tokens_away");
        await cleanup.RunAsync();
        await ExecuteAsync("ALTER TABLE magic_link_tokens_away RENAME TO magic_link_tokens");
        Clock.Advance(TimeSpan.FromHours(1));
        await cleanup.ClaimAsync(null, CancellationToken.None);
        SignIn(admin.Id, admin.Email);

        var page = Interactive().Render<StoragePage>();

        var rows = page.FindAll("[data-testid=cleanup-history] tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Contains("Running", rows[0].TextContent);
        Assert.Contains("On schedule", rows[0].TextContent);
        Assert.Contains("Stopped while deleting old sign-in links", rows[1].TextContent);
        Assert.Contains("Done", rows[2].TextContent);
        Assert.Contains("By hand, tidy@example.com", rows[2].TextContent);
        Assert.Contains("0 expired files, 0 orphaned files, 0 old sign-in links", rows[2].TextContent);
        Assert.Contains(Environment.MachineName, rows[2].TextContent);
        Assert.Contains("took 0 ms", rows[2].TextContent); // the fake clock stands still; under a second reads in ms
        Assert.Contains("Stopped while deleting old sign-in links", page.Find("[data-testid=cleanup-failed]").TextContent);
        Assert.Contains("A pass is running", page.Find("[data-testid=cleanup-running]").TextContent);
        var last = page.Find("[data-testid=cleanup]").TextContent;
        Assert.Contains("2 Nov 2026, 09:00", last); // the good pass, not the failed one at 10:00
        Assert.Contains("By hand, tidy@example.com", last);
    }

    [Fact]
    public async Task RunCleanupNowAddsThePassAndSaysSoWhenAnotherIsAlreadyRunning()
    {
        var admin = await App.AddAdminAsync();
        SignIn(admin.Id, admin.Email);
        var snackbars = Render<MudSnackbarProvider>();
        var page = Interactive().Render<StoragePage>();

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Run cleanup now").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=cleanup-history] tbody tr")));
        snackbars.WaitForAssertion(() => Assert.Contains("Cleanup done", snackbars.Markup));

        Clock.Advance(TimeSpan.FromMinutes(5));
        await App.GetRequiredService<Cleanup>().ClaimAsync(null, CancellationToken.None);
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Run cleanup now").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("already running", snackbars.Markup));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=cleanup-history] tbody tr").Count));
        Assert.Contains("Running", page.FindAll("[data-testid=cleanup-history] tbody tr")[0].TextContent);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = await App.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>Renders as on a live circuit: the admin section links say whether the page is interactive.</summary>
    private AdminPagesTests Interactive()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return this;
    }
}
