using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Microsoft.Playwright;
using Npgsql;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Scale;

[CollectionDefinition(Name)]
public sealed class TwoInstancesCollection : ICollectionFixture<TwoInstances>
{
    public const string Name = "Two instances";
}

/// <summary>Two app processes behind nginx on shared PostgreSQL, Redis and S3, used in Chromium as people would.</summary>
[Collection(TwoInstancesCollection.Name)]
public sealed class TwoInstancesTests(TwoInstances site)
{
    [Fact]
    public async Task TwoInstancesBehindTheProxyServeOneSiteAndOneFinishesWhatTheOtherDroppedWithNoCreditLost()
    {
        // A parent on the first instance: sign in, upload, generate, download the PNG, export a PDF.
        var email = $"parent-{Guid.NewGuid():N}@example.com";
        var parent = await site.BrowserOnAsync(site.Apps[0]);
        await Journey.SignInAsync(parent, site.Mail, email);
        await Journey.MakePageAsync(parent, TestPhotos.Dog);
        var job = new JobDetailPage(parent);
        var png = await parent.RunAndWaitForDownloadAsync(() => job.DownloadPng.ClickAsync());
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await File.ReadAllBytesAsync(await png.PathAsync()))[..4]);
        await job.ExportPdf.ClickAsync();
        var dialog = new PdfExportDialog(parent);
        var pdf = await parent.RunAndWaitForDownloadAsync(() => dialog.Download.ClickAsync());
        using (var document = PdfDocument.Open(await File.ReadAllBytesAsync(await pdf.PathAsync())))
        {
            Assert.Equal(1, document.NumberOfPages);
        }

        var userId = await UserIdAsync(email);
        Assert.Equal(2, await BalanceAsync(userId));

        // An admin on the second instance switches the banner on and grants credits; the parent's open page
        // on the first instance shows both without a reload.
        var credits = new CreditsPage(parent);
        await credits.GotoAsync();
        await Expect(credits.Balance).ToContainTextAsync("2");
        var admin = await site.BrowserOnAsync(site.Apps[1]);
        await Journey.SignInAsync(admin, site.Mail, ColoringAppFactory.AdminEmail);
        const string notice = "Maintenance tonight from 10 to 11 pm.";
        Assert.Equal(200, await FetchAsync(admin, "PUT", "/api/admin/flags/maintenance_banner", $$"""{"enabled":true,"message":"{{notice}}"}"""));
        Assert.Equal(200, await FetchAsync(admin, "POST", $"/api/admin/users/{userId}/credits", """{"amount":5,"reason":"Sorry for the wait"}"""));
        await Expect(parent.GetByTestId("maintenance-banner")).ToContainTextAsync(notice);
        await Expect(credits.Balance).ToContainTextAsync("7");
        Assert.Equal(200, await FetchAsync(admin, "PUT", "/api/admin/flags/maintenance_banner", """{"enabled":false,"message":null}"""));

        // A big photo, so the page is still being made when the instance making it stops dead.
        var create = new CreatePage(parent);
        await create.GotoAsync();
        await create.ChoosePhotoAsync(TestPhotos.CameraSize);
        await Expect(create.PhotoPreview).ToBeVisibleAsync();
        await create.GenerateButton.ClickAsync();
        await Expect(parent).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/jobs/[0-9a-f-]{36}$"));
        var jobId = job.JobId;
        var runner = await InstanceRunningAsync(jobId);
        await runner.KillAsync();

        // The parent opens the job again (the old tab's circuit died with its instance, and Blazor reloads it on
        // its own); the proxy sends the browser to the other instance, where the page gets made.
        await parent.CloseAsync();
        var again = await parent.Context.NewPageAsync();
        await again.GotoAsync($"/jobs/{jobId}");
        await Expect(new JobDetailPage(again).PageImage).ToBeVisibleAsync(new() { Timeout = 240_000 }); // recovery waits out the dead heartbeat
        Assert.Equal(6, await BalanceAsync(userId));
        Assert.Equal((1, 0), await DebitsAndRefundsAsync(jobId));
        Assert.False(site.Apps.Single(a => a != runner).HasExited);
    }

    /// <summary>Waits until a cluster member is running the job, and returns its instance.</summary>
    private async Task<AppProcess> InstanceRunningAsync(Guid jobId)
    {
        await using var db = new NpgsqlConnection(site.PostgresConnectionString);
        await db.OpenAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await using var query = new NpgsqlCommand("""
                SELECT f.instance_name FROM qrtz_fired_triggers f, jobs j
                WHERE j."Id" = @id AND j."Status" = 'Running' AND f.job_name = 'generate-page' AND f.state = 'EXECUTING'
                """, db);
            query.Parameters.AddWithValue("id", jobId);
            if (await query.ExecuteScalarAsync() is string instance)
            {
                return site.Apps.Single(a => a.Output.Contains(instance, StringComparison.Ordinal));
            }

            await Task.Delay(25);
        }

        throw new InvalidOperationException($"Job {jobId} never ran.");
    }

    private async Task<Guid> UserIdAsync(string email) =>
        (Guid)(await ScalarAsync("""SELECT "Id" FROM "AspNetUsers" WHERE "NormalizedEmail" = @p""", email.ToUpperInvariant()))!;

    private async Task<int> BalanceAsync(Guid userId) =>
        (int)(await ScalarAsync("""SELECT "Balance" FROM credit_accounts WHERE "UserId" = @p""", userId))!;

    private async Task<(long Debits, long Refunds)> DebitsAndRefundsAsync(Guid jobId) =>
        ((long)(await ScalarAsync("""SELECT count(*) FROM credit_events WHERE "JobId" = @p AND "Reason" = 'JobDebit'""", jobId))!,
         (long)(await ScalarAsync("""SELECT count(*) FROM credit_events WHERE "JobId" = @p AND "Reason" = 'JobRefund'""", jobId))!);

    private async Task<object?> ScalarAsync(string sql, object parameter)
    {
        await using var db = new NpgsqlConnection(site.PostgresConnectionString);
        await db.OpenAsync();
        await using var query = new NpgsqlCommand(sql, db);
        query.Parameters.AddWithValue("p", parameter);
        return await query.ExecuteScalarAsync();
    }

    /// <summary>Calls the API from the page, as its own scripts would (same origin, the page's cookie).</summary>
    private static Task<int> FetchAsync(IPage page, string method, string path, string json) =>
        page.EvaluateAsync<int>("""
            async ([method, path, json]) => (await fetch(path, { method, headers: { 'Content-Type': 'application/json' }, body: json })).status
            """, new[] { method, path, json });
}
