using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Tests.Engine;

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

    /// <summary>The first 60 % of a JPEG with its end-of-image marker put back, as a cut download repaired by a tool looks.</summary>
    private static byte[] CutWithEndMarker(byte[] jpeg) => [.. jpeg[..(jpeg.Length * 6 / 10)], 0xFF, 0xD9];

    [Theory]
    [InlineData("house.jpg")]
    [InlineData("mandrill-face.jpg")]
    [InlineData("butterfly.jpg")]
    public void AJpegCutShortWithItsEndMarkerPutBackIsCorruptWhenStored(string name)
    {
        var cut = CutWithEndMarker(TestImages.Photo(name));

        var ex = Assert.Throws<PhotoRejectedException>(() => PhotoReader.ReencodeWithoutMetadata(cut, out _));

        Assert.Equal(PhotoProblem.Corrupt, ex.Problem);
    }

    [Theory]
    [InlineData("house.jpg")]
    [InlineData("mandrill-face.jpg")]
    public void AJpegCutShortWithItsEndMarkerPutBackIsCorruptInTheEighthScaleFastPath(string name)
    {
        var cut = CutWithEndMarker(TestImages.Photo(name));
        var longSide = Math.Max(PhotoReader.Inspect(cut).Width, PhotoReader.Inspect(cut).Height);

        Assert.Null(JpegDcDecoder.Decode(cut));
        var ex = Assert.Throws<PhotoRejectedException>(() => PhotoReader.DecodeForWork(cut, (longSide + 7) / 8, out _));

        Assert.Equal(PhotoProblem.Corrupt, ex.Problem);
        Assert.Equal(PhotoProblem.Corrupt, Assert.Throws<PhotoRejectedException>(() => new LocalPageGenerator().Generate(cut, new PageOptions())).Problem);
    }

    [Fact]
    public void EveryWholeTestJpegIsNotCutShortAndEveryCutOneTheDecoderReadsIs()
    {
        var whole = Directory.EnumerateFiles(TestImages.Folder, "*.jpg", SearchOption.AllDirectories).ToList();
        Assert.True(whole.Count >= 15);

        Assert.All(whole, path => Assert.False(JpegDcDecoder.IsCutShort(File.ReadAllBytes(path)), path));
        // Progressive, arithmetic-coded and CMYK files are not the decoder's kind: those are left to SkiaSharp.
        var read = whole.Where(path => JpegDcDecoder.Decode(File.ReadAllBytes(path)) is not null).ToList();
        Assert.True(read.Count >= 12);
        Assert.All(read, path => Assert.True(JpegDcDecoder.IsCutShort(CutWithEndMarker(File.ReadAllBytes(path))), path));
    }

    [Fact]
    public void AWhitePngOfFortyNineMegapixelsIsStoredAtTheStoredSizeDecodedByRows()
    {
        var png = TestImages.WhitePng(7000, 7000);

        var stored = PhotoReader.ReencodeWithoutMetadata(png, out var info);

        Assert.Equal((PhotoReader.StoredLongSide, PhotoReader.StoredLongSide), (info.Width, info.Height));
        using var bitmap = SKBitmap.Decode(stored);
        Assert.Equal(PhotoReader.StoredLongSide, bitmap.Width);
        Assert.Equal(new SKColor(255, 255, 255), bitmap.GetPixel(1000, 1000));
    }

    [Fact]
    public void ALargePngIsShrunkByRowsAveragingItsColoursOnWhite()
    {
        var png = TestImages.Encode(3000, 2000, SKEncodedImageFormat.Png, canvas =>
        {
            using var paint = new SKPaint { Color = new SKColor(200, 30, 60) };
            canvas.DrawRect(0, 0, 1500, 2000, paint);
            paint.Color = new SKColor(20, 120, 240, 128);
            canvas.DrawCircle(2200, 1000, 500, paint);
        });

        var byRows = PhotoReader.DecodeForWork(png, 600, out _);

        Assert.Equal((600, 400), (byRows.Width, byRows.Height));
        Assert.Equal([200, 30, 60, 255], byRows.Pixels.AsSpan(((200 * 600) + 100) * 4, 4).ToArray());
        // The half-transparent circle is flattened on white before it is averaged.
        var centre = byRows.Pixels.AsSpan(((200 * 600) + 440) * 4, 4).ToArray();
        Assert.InRange(centre[0], 130, 145);
        Assert.InRange(centre[2], 240, 250);
    }

    [Fact]
    public void APngWhoseCompressedRowsStopEarlyIsCorruptWhenDecodedByRows()
    {
        var png = TestImages.WhitePng(3000, 2000);
        // Whole chunks, a valid IEND: only the compressed rows inside the one IDAT stop half way.
        var idat = png.AsSpan().IndexOf("IDAT"u8) - 4;
        var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(idat, 4));
        var half = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(half, (uint)(length / 2));
        byte[] cut = [.. png[..idat], .. half, .. png.AsSpan(idat + 4, 4 + (length / 2)), 0, 0, 0, 0, .. png[(idat + 12 + length)..]];

        Assert.Equal(PhotoProblem.Corrupt, Assert.Throws<PhotoRejectedException>(() => PhotoReader.ReencodeWithoutMetadata(cut, out _)).Problem);
        Assert.Equal(PhotoProblem.Corrupt, Assert.Throws<PhotoRejectedException>(() => PngRows.Shrink(cut, 600)).Problem);
    }

    [Theory]
    [InlineData(SKColorType.Gray8)]
    [InlineData(SKColorType.Rgba8888)]
    [InlineData(SKColorType.Rgb888x)]
    public void PngsReadByRowsMatchSkiaSharpsWholeDecodeShrunk(SKColorType colorType)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(2400, 1800, colorType, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = new SKColor(200, 30, 60, 160) };
            canvas.DrawCircle(1200, 900, 600, paint);
            paint.Color = new SKColor(20, 120, 240);
            canvas.DrawRect(100, 100, 500, 300, paint);
        }

        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        var png = encoded.ToArray();

        var byRows = PngRows.Shrink(png, 600)!;

        using var whole = SKBitmap.Decode(png);
        using var shrunk = whole.Resize(new SKImageInfo(600, 450), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        Assert.Equal((600, 450), (byRows.Width, byRows.Height));
        double difference = 0;
        for (var y = 0; y < 450; y++)
        {
            for (var x = 0; x < 600; x++)
            {
                var expected = shrunk.GetPixel(x, y);
                var i = ((y * 600) + x) * 4;
                difference += Math.Abs(expected.Red - byRows.Pixels[i]) + Math.Abs(expected.Green - byRows.Pixels[i + 1]) + Math.Abs(expected.Blue - byRows.Pixels[i + 2]);
            }
        }

        Assert.True(difference / (600 * 450 * 3) < 1.5, $"mean difference {difference / (600 * 450 * 3):0.00} levels");
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

        using var upright = SKBitmap.Decode(PhotoReader.ReencodeWithoutMetadata(jpeg, out _));
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
        var clean = PhotoReader.ReencodeWithoutMetadata(jpeg, out _);
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
