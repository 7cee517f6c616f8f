using Coloring.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Support;

/// <summary>The steps of a person's visit, for any app under test: one instance or several behind a proxy.</summary>
public static class Journey
{
    /// <summary>Room for the engine on a busy shared 2-core machine; an auto-wait, so a quick page costs nothing.</summary>
    public const float GenerationTimeout = 90_000;

    /// <summary>Asks for a link on the sign-in page and returns it from the e-mail that arrives.</summary>
    public static async Task<string> RequestLinkAsync(IPage page, TestMailServer mail, string email, string? returnUrl = null)
    {
        var signIn = new SignInPage(page);
        await signIn.GotoAsync(returnUrl);
        await signIn.RequestLinkAsync(email);
        await new CheckEmailPage(page).ExpectShownAsync();
        return (await mail.WaitForMessageToAsync(email)).SignInLink;
    }

    /// <summary>Signs in the way a person does: ask for a link, open it from the e-mail, press Continue.</summary>
    public static async Task SignInAsync(IPage page, TestMailServer mail, string email, string? returnUrl = null)
    {
        var link = await RequestLinkAsync(page, mail, email, returnUrl);
        var magic = new MagicLinkPage(page);
        await magic.OpenAsync(link);
        await magic.ContinueAsync();
        await Expect(new AppShell(page).UserMenu).ToContainTextAsync(email);
    }

    /// <summary>
    /// Makes a page the way a parent does: choose the photo on /create, press Generate, and wait on the job
    /// page until the finished page shows. Returns the job's id.
    /// </summary>
    public static async Task<Guid> MakePageAsync(IPage page, string photo, Func<CreatePage, Task>? choose = null)
    {
        var create = new CreatePage(page);
        await create.GotoAsync();
        await create.ChoosePhotoAsync(photo);
        await Expect(create.PhotoPreview).ToBeVisibleAsync();
        if (choose is not null)
        {
            await choose(create);
        }

        await create.GenerateButton.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/jobs/[0-9a-f-]{36}$"));
        var job = new JobDetailPage(page);
        await Expect(job.PageImage).ToBeVisibleAsync(new() { Timeout = GenerationTimeout });
        return job.JobId;
    }
}
