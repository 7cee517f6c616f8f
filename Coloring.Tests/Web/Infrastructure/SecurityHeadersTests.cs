using System.Net;
using Coloring.Tests.Support;
using Coloring.Web.Infrastructure;

namespace Coloring.Tests.Web.Infrastructure;

public sealed class SecurityHeadersTests : StartedAppTest
{
    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/account/sign-in", HttpStatusCode.OK)]
    [InlineData("/account/magic?token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", HttpStatusCode.OK)]
    [InlineData("/create", HttpStatusCode.Redirect)]
    [InlineData("/api/credits", HttpStatusCode.Unauthorized)]
    [InlineData("/api/jobs/not-a-guid", HttpStatusCode.NotFound)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/health/live", HttpStatusCode.OK)]
    [InlineData("/favicon.svg", HttpStatusCode.OK)]
    public async Task EveryAnswerForbidsFramingSniffingAndLeakingItsAddress(string path, HttpStatusCode status)
    {
        await using var app = StartApp();

        var response = await app.CreateBrowser().GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        // Beside any policy of the framework's own (each policy is enforced, so the strictest framing rule holds).
        Assert.Contains(SecurityHeadersExtensions.ContentSecurityPolicy, Values(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
    }

    private static string Header(HttpResponseMessage response, string name) => Assert.Single(Values(response, name));

    private static IEnumerable<string> Values(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values
            : throw new Xunit.Sdk.XunitException($"No {name} header on {response.RequestMessage!.RequestUri}");
}
