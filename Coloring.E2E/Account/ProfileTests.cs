using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Coloring.Domain.Data;
using Coloring.Domain.Storage;
using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Account;

[Collection(E2ECollection.Name)]
public sealed class ProfileTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task APersonRenamesThemselvesMakesATokenAndDeletesTheirAccountWithEverythingInIt()
    {
        var email = NewEmail("profile");
        await SignInAsync(Page, email);
        var shell = new AppShell(Page);
        await shell.OpenUserMenuAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = "Profile", Exact = true }).ClickAsync();
        var profile = new ProfilePage(Page);
        await Expect(profile.Heading).ToBeVisibleAsync();
        await Expect(profile.Email).ToHaveTextAsync(email);
        await Screenshots.CaptureAsync(Page, "40-profile");

        await profile.NameField.FillAsync("Ann Lee");
        await profile.SaveName.ClickAsync();
        await Expect(profile.Message("Your name was saved.")).ToBeVisibleAsync();

        await profile.TokenNameField.FillAsync("e2e script");
        await profile.CreateToken.ClickAsync();
        await Expect(profile.NewSecret).ToBeVisibleAsync();
        var secret = (await profile.NewSecret.TextContentAsync())!.Trim();
        Assert.StartsWith("col_", secret);
        await Expect(profile.Tokens).ToContainTextAsync("e2e script");
        await Screenshots.CaptureAsync(Page, "41-profile-new-token");

        // The token works from a script, as its owner.
        using var script = new HttpClient { BaseAddress = new Uri(Fixture.BaseUrl) };
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var me = JsonDocument.Parse(await script.GetStringAsync("/api/user/profile")).RootElement;
        Assert.Equal("Ann Lee", me.GetProperty("displayName").GetString());
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(TestPhotos.Sweets)), "file", "sweets.png" } };
        var uploaded = await script.PostAsync("/api/upload", upload);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);

        // Shown once: after a reload only its beginning is there.
        await Page.ReloadAsync();
        await Expect(profile.Tokens).ToContainTextAsync(secret[..12]);
        await Expect(profile.NewSecret).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await Page.ContentAsync());

        var userId = await UserIdAsync(email);
        var files = await FilesOfAsync(userId);
        Assert.NotEmpty(files);

        await profile.DeleteAccount.ClickAsync();
        await Expect(profile.DeleteEverything).ToBeDisabledAsync();
        await profile.ConfirmAddress.FillAsync(email.ToUpperInvariant());
        await Expect(profile.DeleteEverything).ToBeEnabledAsync();
        await Screenshots.CaptureAsync(Page, "42-profile-delete-dialog");
        await profile.DeleteEverything.ClickAsync();

        await Expect(Page).ToHaveURLAsync(Fixture.BaseUrl + "/?account=deleted");
        await Expect(Page.GetByTestId("account-deleted")).ToBeVisibleAsync();
        await Expect(shell.SignInButton).ToBeVisibleAsync();
        await Screenshots.CaptureAsync(Page, "43-account-deleted");

        // Gone: the account, its tokens, photos and files; the token no longer works.
        await using (var db = await Fixture.App.Services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            Assert.False(await db.Users.AnyAsync(u => u.Id == userId));
            Assert.False(await db.ApiTokens.AnyAsync(t => t.UserId == userId));
            Assert.False(await db.Assets.AnyAsync(a => a.OwnerId == userId));
            Assert.False(await db.Jobs.AnyAsync(j => j.UserId == userId));
            Assert.True(await db.CreditEvents.AnyAsync(e => e.UserId == null && e.IdempotencyKey == $"signup:{userId:N}"));
        }

        foreach (var (bucket, key) in files)
        {
            Assert.Null(await Fixture.App.Services.GetRequiredService<IBlobStore>().OpenReadAsync(bucket, key, CancellationToken.None));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/user/profile")).StatusCode);
        await Page.GotoAsync("/account/profile");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in"));
    }

    [Fact]
    public async Task TheApiReferenceIsReadableOnADesktopAndAPhone()
    {
        await Page.GotoAsync("/api/docs");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Coloring API", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "POST /api/jobs Start a page" })).ToBeVisibleAsync();
        await Screenshots.CaptureAsync(Page, "44-api-docs");
    }

    private async Task<List<(Bucket Bucket, string Key)>> FilesOfAsync(Guid userId)
    {
        await using var db = await Fixture.App.Services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return (await db.Assets.Where(a => a.OwnerId == userId).Select(a => new { a.Bucket, a.Key }).ToListAsync()).Select(a => (a.Bucket, a.Key)).ToList();
    }
}
