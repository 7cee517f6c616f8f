using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Account;

[Collection(E2ECollection.Name)]
public sealed class SignInFormTests(E2EFixture fixture) : BrowserTest(fixture)
{
    public static TheoryData<string, string> MalformedAddresses => new()
    {
        { "no-at-sign", "not-an-email-{id}" },
        { "no-dot-in-domain", "a{id}@b" },
        { "space-inside", "ann {id}@example.com" },
        { "too-long", new string('a', 255) + "-{id}@example.com" }, // 300 characters once {id} is a 32-digit Guid
        { "script-tag", "<script>alert('{id}')</script>@example.com" },
    };

    [Theory]
    [MemberData(nameof(MalformedAddresses))]
    public async Task AMalformedAddressIsRefusedNextToTheInputAndNoEmailIsSent(string kind, string template)
    {
        var id = Guid.NewGuid().ToString("N");
        var address = template.Replace("{id}", id, StringComparison.Ordinal);
        var signIn = new SignInPage(Page);
        await signIn.GotoAsync();

        await signIn.RequestLinkAsync(address);

        await Expect(signIn.EmailError).ToHaveTextAsync("Enter a valid e-mail address, such as name@example.com.");
        await ExpectErrorTiedToInputAsync(signIn);
        await Expect(signIn.Heading).ToBeVisibleAsync();
        await Expect(Page).ToHaveURLAsync(Url("/account/sign-in"));
        await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Check your e-mail" })).ToHaveCountAsync(0);
        // What was typed comes back as text (never as markup) so it can be corrected.
        await Expect(signIn.Email).ToHaveValueAsync(address.Length > 254 ? address[..254] : address);
        await Screenshots.CaptureAsync(Page, $"08-sign-in-invalid-{kind}");

        await ExpectNoEmailMentioningAsync(id);
    }

    [Fact]
    public async Task AnEmptyOrBlankAddressAsksForAnAddress()
    {
        var signIn = new SignInPage(Page);
        await signIn.GotoAsync();

        await signIn.RequestLinkAsync("   ");

        await Expect(signIn.EmailError).ToHaveTextAsync("Enter your e-mail address.");
        await ExpectErrorTiedToInputAsync(signIn);
        await Expect(Page).ToHaveURLAsync(Url("/account/sign-in"));
        await Screenshots.CaptureAsync(Page, "08-sign-in-invalid-blank");
    }

    [Fact]
    public async Task AnAddressThatIsFineIsNotMarkedInvalid()
    {
        var signIn = new SignInPage(Page);
        await signIn.GotoAsync();

        await Expect(signIn.EmailError).ToHaveCountAsync(0);
        await Expect(signIn.Email).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(signIn.Email).ToHaveAccessibleDescriptionAsync("We'll e-mail you a link that signs you in. No password needed.");
    }

    /// <summary>A screen reader reads the message with the field: the input names it and says it is invalid.</summary>
    private static async Task ExpectErrorTiedToInputAsync(SignInPage signIn)
    {
        await Expect(signIn.Email).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(signIn.Email).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex(@"(^|\s)email-error(\s|$)"));
        await Expect(signIn.Email).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(await signIn.EmailError.InnerTextAsync())));
    }

    /// <summary>
    /// Proves a negative without sleeping: e-mails leave one at a time in order, so once a link asked for
    /// afterwards has arrived, any e-mail from the refused attempt would have arrived before it.
    /// </summary>
    private async Task ExpectNoEmailMentioningAsync(string id)
    {
        var sentinel = NewEmail("sentinel");
        await RequestLinkAsync(Page, sentinel);
        Assert.DoesNotContain(Mail.Messages, m => m.To.Contains(id, StringComparison.Ordinal) && m.To != sentinel);
    }
}
