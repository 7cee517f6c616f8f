using Coloring.Engine;
using Coloring.Web.Components.Pages.Create;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Coloring.Tests.Components;

/// <summary>The preview's address: every option goes in, and comes out the same.</summary>
public class StudioQueryTests
{
    [Fact]
    public void EveryOptionMakesTheRoundTripThroughTheAddress()
    {
        var photo = Guid.NewGuid();
        var options = new PageOptions(AgePreset.Detailed, Paper.Letter, 4.5, new SubjectBox(0.1234, 0.2, 0.9, 0.95), BackgroundMode.LeaveOut, -1, 3, new CropBox(0, 0.05, 0.5, 1));

        var url = StudioQuery.PreviewUrl(photo, options);
        var (read, problem) = StudioQuery.Read(Query(url));

        Assert.StartsWith($"/studio/preview/{photo:N}?", url);
        Assert.Equal(options, read);
        Assert.Null(problem);
    }

    [Fact]
    public void TheDefaultsLeaveTheirFieldsOutAndStillReadBack()
    {
        var url = StudioQuery.PreviewUrl(Guid.NewGuid(), new PageOptions());

        Assert.DoesNotContain("subject", url);
        Assert.DoesNotContain("crop", url);
        Assert.DoesNotContain("turns", url);
        Assert.DoesNotContain("line", url);
        Assert.Equal(new PageOptions(), StudioQuery.Read(Query(url)).Options);
    }

    [Fact]
    public void NumbersAreWrittenTheSameWhateverTheServersCulture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var url = StudioQuery.PreviewUrl(Guid.NewGuid(), new PageOptions(LinePt: 2.5, Subject: new SubjectBox(0.25, 0.25, 0.75, 0.75)));

            Assert.Contains("line=2.5", url);
            Assert.Contains("subject=0.25,0.25,0.75,0.75", url);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    private static QueryCollection Query(string url) => new(QueryHelpers.ParseQuery(new Uri("http://x" + url).Query));
}
