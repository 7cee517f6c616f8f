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
    public void APhotoIsShownWithItsAlternativeText()
    {
        var photo = new Asset { Id = Guid.NewGuid(), OwnerId = Guid.NewGuid(), Bucket = Bucket.Originals, ContentType = "image/jpeg", Key = "k", Sha256 = "0" };

        var picker = Render<PhotoPicker>(p => p.Add(c => c.Live, true).Add(c => c.Photo, photo).Add(c => c.OnChosen, (InputFileChangeEventArgs _) => { }));

        Assert.StartsWith($"/files/{photo.Id:N}?token=", picker.Find("img[alt='Your photo']").GetAttribute("src"));
        Assert.Contains("replace it", picker.Find("#photo-help").TextContent);
    }

    [Fact]
    public void WithoutAChosenWeightThePresetsOwnIsSaidAndChoosingOneStartsFromIt()
    {
        PageOptions? changed = null;
        var options = Render<PageOptionsPicker>(p => p.Add(c => c.Value, new PageOptions(AgePreset.Toddler)).Add(c => c.ValueChanged, (PageOptions o) => changed = o));

        Assert.Contains($"{PageOptionNames.DefaultLinePt(AgePreset.Toddler):0.#} pt, the usual weight for this age", options.Markup);
        options.Find("input[type=checkbox]").Change(true);

        Assert.Equal(new PageOptions(AgePreset.Toddler, Paper.A4, PageOptionNames.DefaultLinePt(AgePreset.Toddler)), changed);
    }

    [Fact]
    public void AChosenWeightIsShownOnTheSliderAndTurningItOffGoesBackToThePresets()
    {
        PageOptions? changed = null;
        var options = Render<PageOptionsPicker>(p => p.Add(c => c.Value, new PageOptions(AgePreset.Kids, Paper.Letter, 6.5)).Add(c => c.ValueChanged, (PageOptions o) => changed = o));

        Assert.Contains("6.5 pt", options.Markup);
        options.Find("input[type=checkbox]").Change(false);

        Assert.Equal(new PageOptions(AgePreset.Kids, Paper.Letter, null), changed);
    }
}
