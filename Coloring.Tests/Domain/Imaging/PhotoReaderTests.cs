using Coloring.Domain.Imaging;
using SkiaSharp;

namespace Coloring.Tests.Domain.Imaging;

public class PhotoReaderTests
{
    private static PhotoProblem ProblemOf(byte[] bytes) =>
        Assert.Throws<PhotoRejectedException>(() => PhotoReader.Inspect(bytes)).Problem;

    [Fact]
    public void EmptyFileIsRejected() => Assert.Equal(PhotoProblem.Empty, ProblemOf([]));

    [Fact]
    public void FileOverTenMegabytesIsRejected()
    {
        var big = new byte[10 * 1024 * 1024 + 1];
        new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.CopyTo(big, 0);
        Assert.Equal(PhotoProblem.TooLarge, ProblemOf(big));
    }

    [Fact]
    public void TextFileNamedLikeAPhotoIsNotAnImage() =>
        Assert.Equal(PhotoProblem.NotAnImage, ProblemOf("this is not a photo, just text pretending to be one"u8.ToArray()));

    [Fact]
    public void GifIsNotAcceptedEvenThoughItIsAnImage() =>
        Assert.Equal(PhotoProblem.NotAnImage, ProblemOf("GIF89a\x01\x00\x01\x00"u8.ToArray()));

    [Fact]
    public void TruncatedJpegIsCorrupt()
    {
        var jpeg = TestImages.Photo("house.jpg");
        Assert.Equal(PhotoProblem.Corrupt, ProblemOf(jpeg[..(jpeg.Length / 2)]));
    }

    [Fact]
    public void TruncatedPngIsCorrupt()
    {
        var png = TestImages.Photo("sweets.png");
        Assert.Equal(PhotoProblem.Corrupt, ProblemOf(png[..(png.Length / 2)]));
    }

    [Fact]
    public void TruncatedWebpIsCorrupt()
    {
        var webp = TestImages.Photo("building.webp");
        Assert.Equal(PhotoProblem.Corrupt, ProblemOf(webp[..(webp.Length / 2)]));
    }

    [Fact]
    public void JpegWithGarbledBodyFailsToDecodeAsCorrupt()
    {
        var jpeg = TestImages.Photo("house.jpg");
        var broken = jpeg[..600].Concat(Enumerable.Repeat((byte)0x00, 2000)).Concat(new byte[] { 0xFF, 0xD9 }).ToArray();
        var ex = Assert.Throws<PhotoRejectedException>(() => new LocalPageGenerator().Generate(broken, new PageOptions()));
        Assert.Equal(PhotoProblem.Corrupt, ex.Problem);
    }

    [Fact]
    public void AnimatedPngIsRejected() => Assert.Equal(PhotoProblem.Animated, ProblemOf(TestImages.AnimatedPng()));

    [Fact]
    public void AnimatedWebpIsRejected() => Assert.Equal(PhotoProblem.Animated, ProblemOf(TestImages.AnimatedWebp()));

    [Fact]
    public void PixelFloodPngHeaderIsRejectedBeforeDecoding() =>
        Assert.Equal(PhotoProblem.TooManyPixels, ProblemOf(TestImages.PngHeaderClaiming(100_000, 100_000)));

    [Fact]
    public void PhotoOverFiftyMegapixelsIsRejected() =>
        Assert.Equal(PhotoProblem.TooManyPixels, ProblemOf(TestImages.PngHeaderClaiming(8_000, 7_000)));

    [Fact]
    public void PhotoWithASideOverTwelveThousandPixelsIsRejected() =>
        Assert.Equal(PhotoProblem.TooManyPixels, ProblemOf(TestImages.PngHeaderClaiming(12_001, 300)));

    [Fact]
    public void PhotoUnder256PixelsOnTheShortSideIsTooSmall() =>
        Assert.Equal(PhotoProblem.TooSmall, ProblemOf(TestImages.Encode(800, 200, SKEncodedImageFormat.Jpeg)));

    [Fact]
    public void RejectionMessagesAreSentencesForParents()
    {
        foreach (var problem in Enum.GetValues<PhotoProblem>())
        {
            var message = new PhotoRejectedException(problem).Message;
            Assert.EndsWith(".", message);
            Assert.DoesNotContain("Exception", message);
        }
    }

    [Theory]
    [InlineData("house.jpg", "jpeg", 512, 384)]
    [InlineData("sweets.png", "png", 413, 356)]
    [InlineData("building.webp", "webp", 868, 600)]
    public void FormatIsRecognisedByItsBytes(string name, string format, int width, int height)
    {
        Assert.Equal(new PhotoInfo(format, width, height), PhotoReader.Inspect(TestImages.Photo(name)));
    }

    [Fact]
    public void ExifOrientationIsApplied()
    {
        // Stored 400x300 with the left half red; orientation 6 means "rotate 90° clockwise to view".
        var jpeg = TestImages.WithExif(TestImages.Encode(400, 300, SKEncodedImageFormat.Jpeg), orientation: 6);
        Assert.Equal(new PhotoInfo("jpeg", 300, 400), PhotoReader.Inspect(jpeg));

        using var upright = SKBitmap.Decode(PhotoReader.ReencodeWithoutMetadata(jpeg));
        Assert.Equal(300, upright.Width);
        Assert.Equal(400, upright.Height);
        // After turning clockwise, the red left half is on top.
        Assert.True(upright.GetPixel(150, 50).Red > 200 && upright.GetPixel(150, 50).Blue < 80);
        Assert.True(upright.GetPixel(150, 350).Blue > 200 && upright.GetPixel(150, 350).Red < 80);
    }

    [Fact]
    public void PageOfARotatedPhotoFollowsItsUprightShape()
    {
        var jpeg = TestImages.WithExif(TestImages.Photo("house.jpg"), orientation: 6);
        var page = new LocalPageGenerator().Generate(jpeg, new PageOptions(AgePreset.Kids));
        Assert.Equal(PageOrientation.Portrait, page.Orientation);
        Assert.True(page.Metrics.WorkingWidth < page.Metrics.WorkingHeight);
    }

    [Fact]
    public void ReencodingDropsExifAndGps()
    {
        var jpeg = TestImages.WithExif(TestImages.Photo("house.jpg"), orientation: 1);
        Assert.Contains("GPSMARKER", System.Text.Encoding.Latin1.GetString(jpeg));
        var clean = PhotoReader.ReencodeWithoutMetadata(jpeg);
        var text = System.Text.Encoding.Latin1.GetString(clean);
        Assert.DoesNotContain("Exif", text);
        Assert.DoesNotContain("GPSMARKER", text);
        Assert.Equal(new PhotoInfo("jpeg", 512, 384), PhotoReader.Inspect(clean));
    }

    [Fact]
    public void PageOutputCarriesNoInputMetadata()
    {
        var jpeg = TestImages.WithExif(TestImages.Photo("house.jpg"), orientation: 1);
        var page = new LocalPageGenerator().Generate(jpeg, new PageOptions());
        foreach (var output in new[] { page.Png, page.PreviewPng, System.Text.Encoding.UTF8.GetBytes(page.Svg) })
        {
            var text = System.Text.Encoding.Latin1.GetString(output);
            Assert.DoesNotContain("GPSMARKER", text);
            Assert.DoesNotContain("Exif", text);
        }
    }
}
