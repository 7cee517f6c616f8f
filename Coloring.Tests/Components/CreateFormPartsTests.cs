using Bunit;
using Coloring.Engine;
using Coloring.Domain.Storage;
using Coloring.Web.Components.Pages.Create;
using Microsoft.AspNetCore.Components.Forms;

namespace Coloring.Tests.Components;

/// <summary>The photo picker and the options of the Create form, each on its own.</summary>
public class CreateFormPartsTests : ComponentTest
{
    [Fact]
    public void UntilThePageIsLiveThePickerWaitsAndTakesNoFile()
    {
        var picker = Render<PhotoPicker>(p => p.Add(c => c.Live, false).Add(c => c.OnChosen, (InputFileChangeEventArgs _) => { }));

        Assert.True(picker.Find("input[type=file]").HasAttribute("disabled"));
        Assert.Equal("true", picker.Find(".drop-zone").GetAttribute("aria-busy"));
        Assert.Contains("Getting ready", picker.Find("#photo-help").TextContent);
    }

    [Fact]
    public void AChosenFileIsHandedOnAndAnErrorIsTiedToTheInput()
    {
        var chosen = new List<string>();
        var picker = Render<PhotoPicker>(p => p.Add(c => c.Live, true).Add(c => c.Error, "That file is not a photo.")
            .Add(c => c.OnChosen, (InputFileChangeEventArgs e) => chosen.Add(e.File.Name)));

        picker.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary([1, 2, 3], "cat.jpg", contentType: "image/jpeg"));

        Assert.Equal(["cat.jpg"], chosen);
        Assert.Equal("true", picker.Find("input[type=file]").GetAttribute("aria-invalid"));
        Assert.Equal("That file is not a photo.", picker.Find("#photo-error").TextContent.Trim());
    }

    [Fact]
    public void OnceAPhotoIsChosenTheZoneOnlyOffersToReplaceItAndTheTipsGo()
    {
        var photo = new Asset { Id = Guid.NewGuid(), OwnerId = Guid.NewGuid(), Bucket = Bucket.Originals, ContentType = "image/jpeg", Key = "k", Sha256 = "0" };

        var picker = Render<PhotoPicker>(p => p.Add(c => c.Live, true).Add(c => c.Photo, photo).Add(c => c.OnChosen, (InputFileChangeEventArgs _) => { }));

        Assert.Contains("compact", picker.Find(".drop-zone").ClassName);
        Assert.Contains("replace this one", picker.Find("#photo-help").TextContent);
        Assert.Empty(picker.FindAll(".photo-tips"));
        Assert.Empty(picker.FindAll("img")); // the studio shows the photo
    }

    [Fact]
    public void TheDetailSliderSaysItsPositionInWordsAndHandsOnTheNewDetail()
    {
        PageOptions? changed = null;
        var options = Render<PageOptionsPicker>(p => p.Add(c => c.Value, new PageOptions(AgePreset.Kids, Detail: 1)).Add(c => c.ValueChanged, (PageOptions o) => changed = o));

        Assert.Equal("More shapes", options.Find("[data-testid=detail]").TextContent.Trim());
        var slider = options.FindAll("input[type=range]").Single(i => i.GetAttribute("aria-label") == "Detail");
        Assert.Equal("More shapes", slider.GetAttribute("aria-valuetext"));
        Assert.Equal("-2 2 1", $"{slider.GetAttribute("min")} {slider.GetAttribute("max")} {slider.GetAttribute("step")}");
        slider.Input("-2");

        Assert.Equal(new PageOptions(AgePreset.Kids, Detail: -2), changed);
    }

    [Theory]
    [InlineData(-2, "Fewest shapes")]
    [InlineData(-1, "Fewer shapes")]
    [InlineData(0, "As usual for this age")]
    [InlineData(1, "More shapes")]
    [InlineData(2, "Most shapes")]
    public void EachDetailHasWords(double detail, string words) => Assert.Equal(words, PageOptionsPicker.DetailWords(detail));

    [Fact]
    public void TheBackgroundIsChosenFromFourWithAutomaticFirstAndLeavingItOutAsksForTheSubject()
    {
        PageOptions? changed = null;
        var options = Render<PageOptionsPicker>(p => p.Add(c => c.Value, new PageOptions(AgePreset.Kids)).Add(c => c.ValueChanged, (PageOptions o) => changed = o));

        var radios = options.FindAll("input[name=background]");
        Assert.Equal(4, radios.Count);
        Assert.Equal(["Automatic: simpler when the subject is clear", "Keep it", "Simplify it: a few big shapes", "Leave it out"],
            options.FindAll(".mud-radio").Where(r => r.QuerySelector("input[name=background]") is not null).Select(r => r.TextContent.Trim()));
        Assert.Empty(options.FindAll("[data-testid=leave-out-hint]"));

        radios[3].Click();
        Assert.Equal(BackgroundMode.LeaveOut, changed!.Background);

        options.Render(p => p.Add(c => c.Value, changed));
        Assert.Contains("works best with the subject marked", options.Find("[data-testid=leave-out-hint]").TextContent);
        options.Render(p => p.Add(c => c.Value, changed with { Subject = new SubjectBox(0.1, 0.1, 0.5, 0.5) }));
        Assert.Empty(options.FindAll("[data-testid=leave-out-hint]"));
    }

    [Fact]
    public void WithoutAChosenWeightThePresetsOwnIsSaidAndChoosingOneStartsFromIt()
    {
        PageOptions? changed = null;
        var options = Render<PageOptionsPicker>(p => p.Add(c => c.Value, new PageOptions(AgePreset.Toddler)).Add(c => c.ValueChanged, (PageOptions o) => changed = o));

        Assert.Equal("Thick, the usual weight for this age", options.Find("[data-testid=line-weight]").TextContent.Trim());
        Assert.Equal("6 pt", options.Find("[data-testid=line-weight] span").GetAttribute("title"));
        options.Find("input[type=checkbox]").Change(true);

        Assert.Equal(new PageOptions(AgePreset.Toddler, Paper.A4, PageOptionNames.DefaultLinePt(AgePreset.Toddler)), changed);
    }

    [Fact]
    public void AChosenWeightIsSaidInWordsOnTheSliderWithItsPointsInATooltipAndTurningItOffGoesBackToThePresets()
    {
        PageOptions? changed = null;
        var options = Render<PageOptionsPicker>(p => p.Add(c => c.Value, new PageOptions(AgePreset.Kids, Paper.Letter, 6.5)).Add(c => c.ValueChanged, (PageOptions o) => changed = o));

        var weight = options.Find("[data-testid=line-weight]");
        Assert.Equal("Thick", weight.TextContent.Trim());
        Assert.Equal("6.5 pt", weight.GetAttribute("title"));
        Assert.DoesNotContain("6.5 pt", options.FindAll(".mud-slider").Last().TextContent);
        Assert.Equal(["Thin", "Extra thick"], options.FindAll(".slider-ends").Last().QuerySelectorAll("span").Select(s => s.TextContent));
        options.Find("input[type=checkbox]").Change(false);

        Assert.Equal(new PageOptions(AgePreset.Kids, Paper.Letter, null), changed);
    }

    [Theory]
    [InlineData(0.5, "Thin")]
    [InlineData(2, "Thin")]
    [InlineData(2.5, "Medium")]
    [InlineData(4.5, "Medium")]
    [InlineData(5, "Thick")]
    [InlineData(7.5, "Thick")]
    [InlineData(8, "Extra thick")]
    [InlineData(12, "Extra thick")]
    public void EachLineWeightHasAWord(double linePt, string word) => Assert.Equal(word, LineWeightWords.For(linePt));

    [Fact]
    public void EachPresetShowsItsExampleWithItsOwnAlternativeText()
    {
        var options = Render<PageOptionsPicker>(p => p.Add(c => c.Value, new PageOptions(AgePreset.Kids)));

        var examples = options.FindAll("img.preset-example");
        Assert.Equal(["/examples/preset-toddler.png", "/examples/preset-kids.png", "/examples/preset-detailed.png"], examples.Select(i => i.GetAttribute("src")));
        Assert.Equal(3, examples.Select(i => i.GetAttribute("alt")).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct().Count());
        foreach (var example in examples)
        {
            Assert.True(File.Exists(Path.Combine(WebRoot, example.GetAttribute("src")!.TrimStart('/'))), example.GetAttribute("src"));
        }
    }

    [Fact]
    public void OnceAPhotoIsShownItsLabelIsForScreenReadersOnly()
    {
        var photo = new Asset { Id = Guid.NewGuid(), OwnerId = Guid.NewGuid(), Bucket = Bucket.Originals, ContentType = "image/jpeg", Key = "k", Sha256 = "0" };
        var empty = Render<PhotoPicker>(p => p.Add(c => c.Live, true).Add(c => c.OnChosen, (InputFileChangeEventArgs _) => { }));
        var chosen = Render<PhotoPicker>(p => p.Add(c => c.Live, true).Add(c => c.Photo, photo).Add(c => c.OnChosen, (InputFileChangeEventArgs _) => { }));

        Assert.Equal("drop-label", empty.Find("label[for=photo]").ClassName);
        Assert.Equal("visually-hidden", chosen.Find("label[for=photo]").ClassName);
    }

    private static string WebRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "Coloring.Web", "wwwroot")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir!.FullName, "Coloring.Web", "wwwroot");
        }
    }
}
