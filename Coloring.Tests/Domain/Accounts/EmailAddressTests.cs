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
}
