using Coloring.Domain.Accounts;

namespace Coloring.Tests.Domain.Accounts;

public class EmailAddressTests
{
    [Theory]
    [InlineData("ann@example.com")]
    [InlineData("ann.lee+coloring@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("  ann@example.com  ")]
    public void PlainAddressesAreValid(string email) => Assert.True(EmailAddress.IsValid(email));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("@example.com")]
    [InlineData("ann@")]
    [InlineData("ann@example.")]
    [InlineData("Ann <ann@example.com>")]
    [InlineData("ann@example.com\r\nBcc: victim@example.com")]
    [InlineData("<script>alert(1)</script>@example.com")]
    [InlineData("ann@@example.com")]
    public void MalformedOrHostileAddressesAreInvalid(string? email) => Assert.False(EmailAddress.IsValid(email));

    [Fact]
    public void AnAddressLongerThan254CharactersIsInvalid() =>
        Assert.False(EmailAddress.IsValid(new string('a', 250) + "@example.com"));

    [Fact]
    public void NormalisingIgnoresCaseAndSurroundingSpace() =>
        Assert.Equal(EmailAddress.Normalize("Ann@Example.com"), EmailAddress.Normalize("  ann@example.COM "));

    /// <summary>Each of these case-maps, NFKC-folds or looks like the ASCII address beside it (shared with the database tests).</summary>
    public static TheoryData<string, string> LookAlikes => new()
    {
        { "\u017Fis@example.com", "sis@example.com" },          // long s
        { "s\u0131s@example.com", "sis@example.com" },          // dotless i
        { "\u0130an@example.com", "ian@example.com" },          // dotted capital I
        { "\u212Aate@example.com", "kate@example.com" },        // Kelvin sign
        { "\u212Bsa@example.com", "asa@example.com" },          // Angstrom sign
        { "\uFF53\uFF49\uFF53@example.com", "sis@example.com" }, // fullwidth letters
        { "s\u0307is@example.com", "sis@example.com" },         // combining dot above
        { "sis@exa\u0301mple.com", "sis@example.com" },         // combining accent in the domain
        { "sis@\uFF45xample.com", "sis@example.com" },          // fullwidth letter in the domain
    };

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void NoLookAlikeHasTheLookupKeyOfTheAddressItImitates(string lookAlike, string real) =>
        Assert.NotEqual(EmailAddress.Normalize(real), EmailAddress.Normalize(lookAlike));

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void ALookAlikeIsEitherRefusedOrBecomesTheAddressItsMailWouldGoTo(string lookAlike, string real)
    {
        var canonical = EmailAddress.Canonicalize(lookAlike);

        // Folded onto the real address, the link goes to the real mailbox (its owner's); anything else is refused
        // or stays a different address, never the real account with the look-alike's mailbox.
        Assert.True(canonical is null || canonical == real || EmailAddress.Normalize(canonical) != EmailAddress.Normalize(real), canonical);
        Assert.Null(EmailAddress.CanonicalizeExact(lookAlike));
    }

    [Theory]
    [InlineData("\u017Fis@example.com", "sis@example.com")]
    [InlineData("\u212Aate@example.com", "kate@example.com")]
    [InlineData("\uFF53\uFF49\uFF53@example.com", "sis@example.com")]
    [InlineData("  Ann@Example.COM ", "ann@example.com")]
    [InlineData("ann@b\u00FCcher.example", "ann@xn--bcher-kva.example")]
    [InlineData("ann@B\u00DCCHER.example", "ann@xn--bcher-kva.example")]
    public void TheCanonicalFormIsNfkcLowerCaseAsciiWithAPunycodeDomain(string typed, string canonical) =>
        Assert.Equal(canonical, EmailAddress.Canonicalize(typed));

    [Theory]
    [InlineData("s\u0131s@example.com")]
    [InlineData("\u0130an@example.com")]
    [InlineData("\u212Bsa@example.com")]
    [InlineData("s\u0307is@example.com")]
    [InlineData("j\u00F6rg@example.com")]
    [InlineData("ann\u200B@example.com")]
    [InlineData("ann\u202E@example.com")]
    [InlineData("ann@exa\u200Dmple.com")]
    [InlineData("ann\uD800@example.com")]
    public void ALocalPartThatIsNotAsciiAfterNfkcOrHidesInvisibleCharactersIsRefused(string email) =>
        Assert.Null(EmailAddress.Canonicalize(email));

    [Fact]
    public void AHugeInputIsRefusedWithoutWork() =>
        Assert.Null(EmailAddress.Canonicalize(new string('\u017F', 1_000_000) + "@example.com"));

    [Fact]
    public void TheLookupKeyUpperCasesAsciiLettersOnly()
    {
        Assert.Equal("ANN@EXAMPLE.COM", EmailAddress.Normalize("ann@example.com"));
        Assert.Equal("\u017FIS@EXAMPLE.COM", EmailAddress.Normalize("\u017Fis@example.com"));
        Assert.Equal("S\u0131S@EXAMPLE.COM", EmailAddress.Normalize("s\u0131s@example.com"));
        Assert.Equal("ADMIN", new AsciiLookupNormalizer().NormalizeName("Admin"));
    }

    [Theory]
    [InlineData("boss@example.com", true)]
    [InlineData("Boss@Example.com", true)]
    [InlineData("bo\u017Fs@example.com", false)]
    [InlineData("\uFF42\uFF4F\uFF53\uFF53@example.com", false)]
    [InlineData("bo\u0455s@example.com", false)]
    [InlineData("boss@exampl\u0435.com", false)]
    [InlineData("boss@example.com.", false)]
    public void OnlyTheListedAddressItselfIsAnAdminAddress(string email, bool admin)
    {
        var options = new AuthOptions { AdminEmails = ["  BOSS@example.com ; ann@example.com"] };

        Assert.Equal(admin, options.IsAdminEmail(email));
    }
}
