using AngleSharp.Dom;
using Bunit;
using Coloring.Domain.Accounts;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Tests.Support;
using Coloring.Web.Components.Pages.Profile;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Coloring.Tests.Components;

public class ProfilePageTests : ComponentTest
{
    private ApiTokens Tokens => App.GetRequiredService<ApiTokens>();

    [Fact]
    public async Task ThePageShowsTheAccountItsBalanceAndStatistics()
    {
        var user = await SignedInUserAsync("ann@example.com");

        var page = Render<Profile>();

        page.WaitForAssertion(() => Assert.Equal("ann@example.com", page.Find("[data-testid=profile-email]").TextContent));
        Assert.Equal("3 credits", page.Find("[data-testid=profile-balance]").TextContent);
        Assert.Contains("0", page.Find("[data-testid=stat-made]").TextContent);
        Assert.Contains("–", page.Find("[data-testid=stat-rate]").TextContent);
        Assert.Contains("0", page.Find("[data-testid=stat-spent]").TextContent);
        Assert.Equal("ann", NameInput(page).GetAttribute("value"));
        Assert.Equal("You have no tokens.", page.Find("[data-testid=no-tokens]").TextContent);
        Assert.NotNull(user);
    }

    [Fact]
    public async Task SignOutEverywhereIsARealFormThatPostsToSignOutWithTheAntiforgeryToken()
    {
        await SignedInUserAsync("ann@example.com");

        var page = Render<Profile>();

        page.WaitForAssertion(() => page.Find("[data-testid=sign-out-everywhere]"));
        var form = page.Find("[data-testid=sign-out-everywhere]").Closest("form")!;
        Assert.Equal("/account/sign-out", form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("submit", page.Find("[data-testid=sign-out-everywhere]").GetAttribute("type"));
        Assert.NotNull(form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]"));
        Assert.Contains("every device", page.Markup);
    }

    [Fact]
    public async Task ANewNameIsSavedAndAnEmptyOneIsExplained()
    {
        var user = await SignedInUserAsync("ann@example.com");
        var page = Render<Profile>();
        page.WaitForAssertion(() => NameInput(page));

        NameInput(page).Change("Ann Lee");
        page.FindAll("form")[0].Submit();
        page.WaitForAssertion(() => Assert.Equal("Ann Lee", App.GetRequiredService<AccountProfile>().GetAsync(user.Id).GetAwaiter().GetResult()!.DisplayName));

        NameInput(page).Change("   ");
        page.FindAll("form")[0].Submit();

        page.WaitForAssertion(() => Assert.Contains("Enter the name you'd like to be called.", page.Markup));
        Assert.Equal("Ann Lee", (await App.GetRequiredService<AccountProfile>().GetAsync(user.Id))!.DisplayName);
    }

    [Fact]
    public async Task ANewTokenIsShownOnceAndThenOnlyItsBeginning()
    {
        var user = await SignedInUserAsync("ann@example.com");
        var page = Render<Profile>();
        page.WaitForAssertion(() => TokenNameInput(page));

        TokenNameInput(page).Change("laptop script");
        page.FindAll("form")[1].Submit();

        page.WaitForAssertion(() => Assert.StartsWith("col_", page.Find("[data-testid=token-secret]").TextContent));
        var secret = page.Find("[data-testid=token-secret]").TextContent;
        Assert.Equal(user.Id, await Tokens.AuthenticateAsync(secret));
        Assert.Contains("laptop script", page.Find("table").TextContent);

        var again = Render<Profile>();
        again.WaitForAssertion(() => Assert.Contains("laptop script", again.Find("table").TextContent));
        Assert.DoesNotContain(secret, again.Markup);
        Assert.Contains(secret[..12], again.Markup);
    }

    [Fact]
    public async Task AnEmptyTokenNameIsExplainedAndMakesNothing()
    {
        var user = await SignedInUserAsync("ann@example.com");
        var page = Render<Profile>();
        page.WaitForAssertion(() => TokenNameInput(page));

        page.FindAll("form")[1].Submit();

        page.WaitForAssertion(() => Assert.Contains("Give the token a name", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=token-secret]"));
        Assert.Empty(await Tokens.ListAsync(user.Id));
    }

    [Fact]
    public async Task RevokingATokenAsksFirstAndThenRemovesIt()
    {
        var user = await SignedInUserAsync("ann@example.com");
        await Tokens.CreateAsync(user.Id, "old script");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<Profile>();
        page.WaitForAssertion(() => page.Find("button[aria-label='Revoke old script']"));

        page.Find("button[aria-label='Revoke old script']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Scripts using this token stop working at once.", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        page.WaitForAssertion(() => Assert.Equal("You have no tokens.", page.Find("[data-testid=no-tokens]").TextContent));
        Assert.Empty(await Tokens.ListAsync(user.Id));
    }

    [Fact]
    public async Task DeletingTheAccountWaitsUntilTheAddressIsTypedAndPostsARealForm()
    {
        await SignedInUserAsync("ann@example.com");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<Profile>();
        page.WaitForAssertion(() => page.FindAll("button").Single(b => b.TextContent.Contains("Delete my account")));

        page.FindAll("button").Single(b => b.TextContent.Contains("Delete my account")).Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#delete-account-form"));
        IElement DeleteButton() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete everything");
        Assert.True(DeleteButton().HasAttribute("disabled"));

        dialogs.Find("input[name=confirm]").Input("bob@example.com");
        Assert.True(DeleteButton().HasAttribute("disabled"));
        dialogs.Find("input[name=confirm]").Input(" ANN@example.com ");

        dialogs.WaitForAssertion(() => Assert.False(DeleteButton().HasAttribute("disabled")));
        var form = dialogs.Find("#delete-account-form");
        Assert.Equal("/account/delete", form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("delete-account-form", DeleteButton().GetAttribute("form"));
        Assert.Equal("submit", DeleteButton().GetAttribute("type"));
    }

    [Fact]
    public async Task ThePhotoSettingIsSaved()
    {
        var user = await SignedInUserAsync("ann@example.com");
        var page = Render<Profile>();
        page.WaitForAssertion(() => page.Find("input[type=checkbox]"));

        page.Find("input[type=checkbox]").Change(true);

        page.WaitForAssertion(() => Assert.True(App.GetRequiredService<AccountSettings>().GetDeletePhotosAfterSuccessAsync(user.Id).GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task ThePaperIsRememberedAndAskingEachTimeForgetsIt()
    {
        var user = await SignedInUserAsync("ann@example.com");
        var page = Render<Profile>();
        page.WaitForAssertion(() => page.Find("[data-testid=profile-paper]"));
        var settings = App.GetRequiredService<AccountSettings>();

        page.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == "Letter").QuerySelector("input")!.Click();
        page.WaitForAssertion(() => Assert.Equal(Coloring.Engine.Paper.Letter, settings.GetPaperAsync(user.Id).GetAwaiter().GetResult()));

        page.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == "Ask each time").QuerySelector("input")!.Click();
        page.WaitForAssertion(() => Assert.Null(settings.GetPaperAsync(user.Id).GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task AnUnknownPaperIsRefusedAndNothingIsWritten()
    {
        var user = await SignedInUserAsync("ann@example.com");
        var settings = App.GetRequiredService<AccountSettings>();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => settings.SetPaperAsync(user.Id, (Coloring.Engine.Paper)42));

        Assert.Null(await settings.GetPaperAsync(user.Id));
    }

    private async Task<ColoringUser> SignedInUserAsync(string email)
    {
        var user = await App.AddUserAsync(email);
        await App.GetRequiredService<CreditLedger>().OpenAccountAsync(user.Id);
        await using (var db = await App.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, Clock.GetUtcNow()));
        }

        SignIn(user.Id, email);
        return user;
    }

    private static IElement NameInput(IRenderedComponent<Profile> page) => page.FindAll(".name-field input")[0];

    private static IElement TokenNameInput(IRenderedComponent<Profile> page) => page.FindAll(".name-field input")[1];
}
