using Coloring.Domain.Data;
using Coloring.Domain.Export;
using Coloring.Tests.Support;
using Coloring.Web.RateLimits;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Domain.Export;

public sealed class PdfExportLimitOnSqliteTests() : PdfExportLimitTests(DatabaseProvider.Sqlite);

public sealed class PdfExportLimitOnPostgresTests() : PdfExportLimitTests(DatabaseProvider.Postgres);

/// <summary>Printing's order of checks: the request, then the person's limit, then the pages. One PDF allowed.</summary>
public abstract class PdfExportLimitTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private PdfExports Exports => Get<PdfExports>();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<RateLimitOptions>(o => o.PdfExports.PermitLimit = 1);

    [Fact]
    public async Task ARequestThatMakesNoSenseIsRefusedWithoutUsingUpTheLimit()
    {
        var user = await Services.AddUserWithCreditsAsync(3);

        var empty = await Exports.ExportAsync(user.Id, new PdfExportRequest([]));
        var coverWithoutTitle = await Exports.ExportAsync(user.Id, new PdfExportRequest([Guid.NewGuid()], Cover: true));
        var unknownPage = await Exports.ExportAsync(user.Id, new PdfExportRequest([Guid.NewGuid()]));

        Assert.Equal(PdfExportError.Invalid, empty.Error);
        Assert.Equal(PdfExportError.Invalid, coverWithoutTitle.Error);
        Assert.Equal(PdfExportError.NotFound, unknownPage.Error);
    }

    [Fact]
    public async Task OverTheLimitThePagesAreNotLookedAtAndTheWaitIsSaid()
    {
        var user = await Services.AddUserWithCreditsAsync(3);
        await Exports.ExportAsync(user.Id, new PdfExportRequest([Guid.NewGuid()]));

        var refused = await Exports.ExportAsync(user.Id, new PdfExportRequest([Guid.NewGuid()]));

        Assert.Equal(PdfExportError.TooMany, refused.Error);
        Assert.InRange(refused.RetryAfterSeconds, 1, 3600);
        Assert.StartsWith("You have printed many PDFs in a short time. You can print again in ", refused.Message);
    }

    [Theory]
    [InlineData("portrait", PdfOrientation.Portrait)]
    [InlineData(" LANDSCAPE ", PdfOrientation.Landscape)]
    [InlineData("Automatic", PdfOrientation.Automatic)]
    public void AnOrientationIsReadByItsName(string text, PdfOrientation expected)
    {
        Assert.True(PdfExportRequest.TryParseOrientation(text, out var orientation));
        Assert.Equal(expected, orientation);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("sideways")]
    [InlineData("portrait\u200B")]
    [InlineData("Portrait, Landscape")]
    public void AnythingElseIsNotAnOrientation(string? text) =>
        Assert.False(PdfExportRequest.TryParseOrientation(text, out _));
}
