using System.Buffers.Binary;
using System.Diagnostics;
using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Tests.Engine;

public class JpegDcDecoderTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(TestImages.Folder, "Jpeg", name));

    public static TheoryData<string> TestPhotoJpegs() =>
        new(TestImages.PhotoNames.Where(n => n.EndsWith(".jpg", StringComparison.Ordinal)));

    public static TheoryData<string> HandledFixtures() =>
        new("restart-420.jpg", "restart-444.jpg", "sampling-422.jpg", "sampling-440.jpg", "grey.jpg");

    /// <summary>SkiaSharp's own 1/8-scale decode (libjpeg-turbo's scaled IDCT), as PhotoReader did before.</summary>
    private static RgbaImage SkiaEighth(byte[] jpeg)
    {
        using var codec = SKCodec.Create(new MemoryStream(jpeg));
        var size = codec.GetScaledDimensions(0.125f);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, out var pixels));
        return new RgbaImage(size.Width, size.Height, pixels);
    }

    private static void AssertSameAsSkia(byte[] jpeg)
    {
        var expected = SkiaEighth(jpeg);
        foreach (var threshold in new[] { int.MaxValue, 0 })
        {
            var actual = JpegDcDecoder.Decode(jpeg, threshold, null);
            Assert.NotNull(actual);
            Assert.Equal(expected.Width, actual.Width);
            Assert.Equal(expected.Height, actual.Height);
            var firstDifference = expected.Pixels.AsSpan().CommonPrefixLength(actual.Pixels);
            Assert.True(firstDifference == expected.Pixels.Length,
                $"first different byte {firstDifference} (pixel {firstDifference / 4}) with split threshold {threshold}");
        }
    }

    /// <summary>A noisy photo, so the entropy stream is long and varied, encoded by SkiaSharp with the given chroma sampling.</summary>
    private static byte[] NoisyPhoto(int width, int height, SKJpegEncoderDownsample sampling, int quality = 90, bool grey = false)
    {
        using var source = SKBitmap.Decode(TestImages.Photo("dog.png"));
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, grey ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear));
        }

        var random = new Random(7);
        var pixels = bitmap.GetPixelSpan();
        var bytes = new byte[pixels.Length];
        pixels.CopyTo(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (grey || i % 4 != 3)
            {
                bytes[i] = (byte)Math.Clamp(bytes[i] + random.Next(-40, 41), 0, 255);
            }
        }

        using var noisy = new SKBitmap(bitmap.Info);
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, noisy.GetPixels(), bytes.Length);
        using var pixmap = noisy.PeekPixels();
        using var data = pixmap.Encode(new SKJpegEncoderOptions(quality, sampling, SKJpegEncoderAlphaOption.Ignore));
        return data!.ToArray();
    }

    [Theory]
    [MemberData(nameof(TestPhotoJpegs))]
    public void EveryTestPhotoDecodesToExactlySkiaSharpsOwnEighthScalePixels(string name) =>
        AssertSameAsSkia(TestImages.Photo(name));

    [Theory]
    [MemberData(nameof(HandledFixtures))]
    public void RestartIntervalsSubsamplingAndGreyDecodeToExactlySkiaSharpsPixels(string name) =>
        AssertSameAsSkia(Fixture(name));

    [Theory]
    [InlineData(SKJpegEncoderDownsample.Downsample444)]
    [InlineData(SKJpegEncoderDownsample.Downsample420)]
    [InlineData(SKJpegEncoderDownsample.Downsample422)]
    public void PhotosSkiaSharpEncodesDecodeToExactlyItsOwnPixels(SKJpegEncoderDownsample sampling) =>
        AssertSameAsSkia(NoisyPhoto(517, 389, sampling));

    [Fact]
    public void GreyPhotosSkiaSharpEncodesDecodeToExactlyItsOwnPixels() =>
        AssertSameAsSkia(NoisyPhoto(517, 389, SKJpegEncoderDownsample.Downsample444, grey: true));

    [Theory]
    [InlineData(SKJpegEncoderDownsample.Downsample444)]
    [InlineData(SKJpegEncoderDownsample.Downsample420)]
    public void TwoWorkersSynchroniseInTheMiddleAndGiveTheSamePixelsAsOne(SKJpegEncoderDownsample sampling)
    {
        var jpeg = NoisyPhoto(1200, 900, sampling);
        var single = new JpegDcDecoder.DecodeReport();
        var parallel = new JpegDcDecoder.DecodeReport();
        var one = JpegDcDecoder.Decode(jpeg, int.MaxValue, single);
        var two = JpegDcDecoder.Decode(jpeg, 0, parallel);
        Assert.NotNull(one);
        Assert.NotNull(two);
        Assert.Equal(1, single.Workers);
        Assert.Equal(2, parallel.Workers);
        Assert.InRange(parallel.SyncBlocksPastMiddle, 0, parallel.TotalBlocks / 20);
        Assert.Equal(one.Pixels, two.Pixels);
        Assert.Equal(SkiaEighth(jpeg).Pixels, two.Pixels);
    }

    [Theory]
    [InlineData("restart-420.jpg")]
    [InlineData("restart-444.jpg")]
    public void TwoWorkersSplitTheRestartIntervals(string name)
    {
        var report = new JpegDcDecoder.DecodeReport();
        var two = JpegDcDecoder.Decode(Fixture(name), 0, report);
        Assert.NotNull(two);
        Assert.Equal(2, report.Workers);
        Assert.True(report.RestartIntervals > 2);
        Assert.Equal(JpegDcDecoder.Decode(Fixture(name), int.MaxValue, null)!.Pixels, two.Pixels);
    }

    [Theory]
    [InlineData("progressive.jpg")]
    [InlineData("arithmetic.jpg")]
    [InlineData("rgb.jpg")]
    [InlineData("cmyk.jpg")]
    public void KindsItDoesNotHandleAreLeftToSkiaSharp(string name)
    {
        var jpeg = Fixture(name);
        Assert.Null(JpegDcDecoder.Decode(jpeg, int.MaxValue, null));
        Assert.Null(JpegDcDecoder.Decode(jpeg, 0, null));
    }

    [Fact]
    public void AJpegCutShortAnywhereGivesNull()
    {
        foreach (var jpeg in new[] { TestImages.Photo("house.jpg"), Fixture("restart-420.jpg") })
        {
            for (var length = 0; length < jpeg.Length - 2; length += length < 700 ? 1 : 97)
            {
                Assert.Null(JpegDcDecoder.Decode(jpeg.AsSpan(0, length), 0, null));
            }
        }
    }

    [Fact]
    public void AGarbledBodyGivesNull()
    {
        var jpeg = TestImages.Photo("house.jpg");
        var broken = jpeg[..600].Concat(Enumerable.Repeat((byte)0x00, 2000)).Concat(new byte[] { 0xFF, 0xD9 }).ToArray();
        Assert.Null(JpegDcDecoder.Decode(broken, 0, null));
        Assert.Null(JpegDcDecoder.Decode(broken, int.MaxValue, null));
    }

    [Fact]
    public void RandomByteFlipsNeverThrowNorHang()
    {
        var sources = new[] { TestImages.Photo("butterfly.jpg"), Fixture("restart-420.jpg"), Fixture("sampling-440.jpg") };
        var random = new Random(20240521);
        var decoded = 0;
        for (var n = 0; n < 300; n++)
        {
            var jpeg = (byte[])sources[n % sources.Length].Clone();
            var flips = 1 + random.Next(4);
            for (var f = 0; f < flips; f++)
            {
                // Half in the headers, where the tables and sizes are, half anywhere.
                var at = random.Next(2) == 0 ? random.Next(Math.Min(700, jpeg.Length)) : random.Next(jpeg.Length);
                jpeg[at] = (byte)random.Next(256);
            }

            var watch = Stopwatch.StartNew();
            var image = JpegDcDecoder.Decode(jpeg, n % 2 == 0 ? 0 : int.MaxValue, null);
            Assert.True(watch.ElapsedMilliseconds < 2000, $"mutation {n} took {watch.ElapsedMilliseconds} ms");
            if (image is not null)
            {
                decoded++;
                Assert.Equal(image.Width * image.Height * 4, image.Pixels.Length);
            }
        }

        Assert.InRange(decoded, 1, 299);
    }

    /// <summary>Finds a marker segment before the scan: (offset of the FF, segment length).</summary>
    private static (int At, int Length) Segment(byte[] jpeg, byte marker)
    {
        var i = 2;
        while (jpeg[i + 1] != marker)
        {
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }

        return (i, BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2)));
    }

    private static byte[] Insert(byte[] jpeg, int at, params byte[] bytes) => [.. jpeg[..at], .. bytes, .. jpeg[at..]];

    [Fact]
    public void EmptySegmentsAnywhereBeforeTheScanAreSkipped()
    {
        var jpeg = TestImages.Photo("house.jpg");
        var sos = Segment(jpeg, 0xDA).At;
        var withEmpty = Insert(Insert(jpeg, sos, 0xFF, 0xFE, 0x00, 0x02, 0xFF, 0xC4, 0x00, 0x02, 0xFF, 0xE5, 0x00, 0x02), 2, 0xFF, 0xE3, 0x00, 0x02);
        Assert.Equal(JpegDcDecoder.Decode(jpeg)!.Pixels, JpegDcDecoder.Decode(withEmpty)!.Pixels);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ASegmentShorterThanItsLengthFieldGivesNull(int length)
    {
        var jpeg = Insert(TestImages.Photo("house.jpg"), 2, 0xFF, 0xE3, 0x00, (byte)length);
        Assert.Null(JpegDcDecoder.Decode(jpeg));
    }

    [Fact]
    public void AHuffmanTableCountingMoreCodesThanItHoldsGivesNull()
    {
        var jpeg = TestImages.Photo("house.jpg");
        var (at, _) = Segment(jpeg, 0xC4);
        var huge = (byte[])jpeg.Clone();
        huge.AsSpan(at + 5, 16).Fill(0xFF); // 16 × 255 codes, far past 256 and past the segment
        Assert.Null(JpegDcDecoder.Decode(huge));
    }

    [Fact]
    public void AnOverSubscribedHuffmanTableGivesNull()
    {
        var jpeg = TestImages.Photo("house.jpg");
        var (at, _) = Segment(jpeg, 0xC4);
        var broken = (byte[])jpeg.Clone();
        broken[at + 5] = 2; // two 1-bit codes leave no room for the codes that follow
        Assert.Null(JpegDcDecoder.Decode(broken));
    }

    [Theory]
    [InlineData(2, 0)] // twice the height: the data runs out
    [InlineData(1, 2)] // twice the width
    public void AFrameLargerThanItsDataGivesNull(int heightFactor, int widthFactor)
    {
        var jpeg = TestImages.Photo("house.jpg");
        var (at, _) = Segment(jpeg, 0xC0);
        var broken = (byte[])jpeg.Clone();
        var height = BinaryPrimitives.ReadUInt16BigEndian(broken.AsSpan(at + 5));
        var width = BinaryPrimitives.ReadUInt16BigEndian(broken.AsSpan(at + 7));
        BinaryPrimitives.WriteUInt16BigEndian(broken.AsSpan(at + 5), (ushort)(height * heightFactor));
        BinaryPrimitives.WriteUInt16BigEndian(broken.AsSpan(at + 7), (ushort)(width * Math.Max(1, widthFactor)));
        Assert.Null(JpegDcDecoder.Decode(broken, 0, null));
        Assert.Null(JpegDcDecoder.Decode(broken, int.MaxValue, null));
    }

    [Fact]
    public void AFrameWithNoHeightWaitingForADnlMarkerGivesNull()
    {
        var jpeg = TestImages.Photo("house.jpg");
        var (at, _) = Segment(jpeg, 0xC0);
        var broken = (byte[])jpeg.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(broken.AsSpan(at + 5), 0);
        Assert.Null(JpegDcDecoder.Decode(broken));
    }

    [Fact]
    public void DataAfterTheEndOfImageIsIgnored()
    {
        var jpeg = TestImages.Photo("house.jpg");
        var withTrailer = jpeg.Concat(Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))).ToArray();
        Assert.Equal(JpegDcDecoder.Decode(jpeg)!.Pixels, JpegDcDecoder.Decode(withTrailer)!.Pixels);
    }

    [Fact]
    public void PhotoReaderGivesTheSameWorkingPictureAsSkiaSharpAlone()
    {
        // A 12 MP-like photo scaled to 1/8 is where PhotoReader now uses the DC decoder.
        var jpeg = NoisyPhoto(2400, 1800, SKJpegEncoderDownsample.Downsample420, quality: 80);
        var image = PhotoReader.DecodeForWork(jpeg, 300, out var info);
        Assert.Equal((2400, 1800), (info.Width, info.Height));
        Assert.Equal((300, 225), (image.Width, image.Height));
        Assert.Equal(SkiaEighth(jpeg).Pixels, image.Pixels);
    }

    // The 1/4 scale: every block's 2×2 IDCT (4:2:0 chroma: 4×4), as libjpeg-turbo's own 1/4 decode.

    /// <summary>Baseline 4:2:0 and 4:4:4 test photos; the others are progressive, 4:2:2 or 4:4:0.</summary>
    public static TheoryData<string> QuarterHandledPhotos() =>
        new("butterfly.jpg", "desk-low-contrast.jpg", "dog-dark-indoor.jpg", "football-player.jpg", "house.jpg", "squirrel.jpg",
            "People/cat-grey-white-sleeping-on-desk.jpg", "People/cat-kitten-posing-on-wood.jpg", "People/face-man-suit-headshot.jpg",
            "People/person-fullbody-ballerina-seated.jpg");

    public static TheoryData<string> QuarterLeftToSkiaPhotos() =>
        new("fruits.jpg", "mandrill-face.jpg", "People/dog-husky-mix-sitting-porch-bicycle.jpg", "People/face-man-excited-thumbs-up.jpg",
            "People/face-woman-eyes-closed-pink-wall.jpg", "People/group-four-women-friends.jpg", "People/person-woman-reading-halfbody.jpg");

    private static RgbaImage SkiaQuarter(byte[] jpeg)
    {
        using var codec = SKCodec.Create(new MemoryStream(jpeg));
        var size = codec.GetScaledDimensions(0.25f);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, out var pixels));
        return new RgbaImage(size.Width, size.Height, pixels);
    }

    private static void AssertSameAsSkiaAtAQuarter(byte[] jpeg)
    {
        var expected = SkiaQuarter(jpeg);
        foreach (var threshold in new[] { int.MaxValue, 0 })
        {
            var actual = JpegDcDecoder.Decode(jpeg, threshold, null, quarter: true);
            Assert.NotNull(actual);
            Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
            var d = expected.Pixels.AsSpan().CommonPrefixLength(actual.Pixels);
            if (d < expected.Pixels.Length)
            {
                Assert.Fail($"first different byte {d} (pixel {d / 4 % expected.Width}, {d / 4 / expected.Width}) of {expected.Width}x{expected.Height}: " +
                    $"{expected.Pixels[d]} expected, {actual.Pixels[d]} decoded, split threshold {threshold}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(QuarterHandledPhotos))]
    public void BaselineTestPhotosDecodeAtAQuarterToExactlySkiaSharpsOwnQuarterScalePixels(string name) =>
        AssertSameAsSkiaAtAQuarter(TestImages.Photo(name));

    [Theory]
    [MemberData(nameof(QuarterLeftToSkiaPhotos))]
    public void ProgressiveAndHorizontallyOrVerticallySubsampledPhotosAreLeftToSkiaSharpAtAQuarter(string name)
    {
        var jpeg = TestImages.Photo(name);
        Assert.Null(JpegDcDecoder.Decode(jpeg, int.MaxValue, null, quarter: true));
        Assert.Null(JpegDcDecoder.Decode(jpeg, 0, null, quarter: true));
    }

    [Theory]
    [InlineData("restart-420.jpg")]
    [InlineData("restart-444.jpg")]
    [InlineData("grey.jpg")]
    public void RestartIntervalsAndGreyDecodeAtAQuarterToExactlySkiaSharpsPixels(string name) =>
        AssertSameAsSkiaAtAQuarter(Fixture(name));

    [Theory]
    [InlineData(SKJpegEncoderDownsample.Downsample444)]
    [InlineData(SKJpegEncoderDownsample.Downsample420)]
    public void NoisyPhotosDecodeAtAQuarterToExactlySkiaSharpsPixels(SKJpegEncoderDownsample sampling)
    {
        // Odd sizes, so the last blocks and MCUs are cut by the picture's edge.
        AssertSameAsSkiaAtAQuarter(NoisyPhoto(517, 389, sampling));
        AssertSameAsSkiaAtAQuarter(NoisyPhoto(263, 258, sampling, quality: 98));
    }

    [Fact]
    public void GreyNoisyPhotosDecodeAtAQuarterToExactlySkiaSharpsPixels() =>
        AssertSameAsSkiaAtAQuarter(NoisyPhoto(517, 389, SKJpegEncoderDownsample.Downsample444, grey: true));

    [Theory]
    [InlineData("sampling-422.jpg")]
    [InlineData("sampling-440.jpg")]
    [InlineData("progressive.jpg")]
    [InlineData("arithmetic.jpg")]
    [InlineData("rgb.jpg")]
    [InlineData("cmyk.jpg")]
    public void KindsItDoesNotHandleAtAQuarterAreLeftToSkiaSharp(string name)
    {
        Assert.Null(JpegDcDecoder.Decode(Fixture(name), int.MaxValue, null, quarter: true));
        Assert.Null(JpegDcDecoder.Decode(Fixture(name), 0, null, quarter: true));
    }

    [Theory]
    [InlineData(SKJpegEncoderDownsample.Downsample444)]
    [InlineData(SKJpegEncoderDownsample.Downsample420)]
    public void TwoWorkersGiveTheSameQuarterPixelsAsOne(SKJpegEncoderDownsample sampling)
    {
        var jpeg = NoisyPhoto(1200, 900, sampling);
        var single = new JpegDcDecoder.DecodeReport();
        var parallel = new JpegDcDecoder.DecodeReport();
        var one = JpegDcDecoder.Decode(jpeg, int.MaxValue, single, quarter: true);
        var two = JpegDcDecoder.Decode(jpeg, 0, parallel, quarter: true);
        Assert.NotNull(one);
        Assert.NotNull(two);
        Assert.Equal((1, 2), (single.Workers, parallel.Workers));
        Assert.InRange(parallel.SyncBlocksPastMiddle, 0, parallel.TotalBlocks / 20);
        Assert.Equal(one.Pixels, two.Pixels);
        Assert.Equal(SkiaQuarter(jpeg).Pixels, two.Pixels);
    }

    [Fact]
    public void AJpegCutShortAnywhereGivesNullAtAQuarter()
    {
        foreach (var jpeg in new[] { TestImages.Photo("house.jpg"), Fixture("restart-420.jpg") })
        {
            for (var length = 0; length < jpeg.Length - 2; length += length < 700 ? 1 : 97)
            {
                Assert.Null(JpegDcDecoder.Decode(jpeg.AsSpan(0, length), 0, null, quarter: true));
            }
        }
    }

    [Fact]
    public void AGarbledBodyGivesNullAtAQuarter()
    {
        var jpeg = TestImages.Photo("house.jpg");
        var broken = jpeg[..600].Concat(Enumerable.Repeat((byte)0x00, 2000)).Concat(new byte[] { 0xFF, 0xD9 }).ToArray();
        Assert.Null(JpegDcDecoder.Decode(broken, 0, null, quarter: true));
        Assert.Null(JpegDcDecoder.Decode(broken, int.MaxValue, null, quarter: true));
    }

    [Fact]
    public void RandomByteFlipsNeverThrowAtAQuarter()
    {
        var jpeg = NoisyPhoto(517, 389, SKJpegEncoderDownsample.Downsample420);
        var random = new Random(11);
        for (var n = 0; n < 150; n++)
        {
            var broken = (byte[])jpeg.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                broken[random.Next(2, broken.Length)] ^= (byte)random.Next(1, 256);
            }

            // Null or a picture of the frame's size: nothing else may come out.
            var image = JpegDcDecoder.Decode(broken, 0, null, quarter: true);
            Assert.True(image is null || image.Pixels.Length == image.Width * image.Height * 4);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void PhotoReaderAtAQuarterGivesSkiaSharpsPixelsTurnedUpright(ushort orientation)
    {
        // 2400×1800 for 600 px: 1/8 is too small, so the quarter decoder runs (as for detailed, or a zoomed subject).
        var jpeg = TestImages.WithExif(NoisyPhoto(2400, 1800, SKJpegEncoderDownsample.Downsample420, quality: 80), orientation);
        var image = PhotoReader.DecodeForWork(jpeg, 600, out var info);
        var skia = SkiaQuarter(jpeg);
        var turned = orientation >= 5;
        Assert.Equal(turned ? (1800, 2400) : (2400, 1800), (info.Width, info.Height));
        Assert.Equal(turned ? (450, 600) : (600, 450), (image.Width, image.Height));
        Assert.Equal(PhotoReader.Orient(skia.Pixels, skia.Width, skia.Height, (SKEncodedOrigin)orientation), image.Pixels);
    }

    [Fact]
    public void PhotoReaderRejectsAQuarterScaleJpegCutShort()
    {
        var jpeg = NoisyPhoto(2400, 1800, SKJpegEncoderDownsample.Downsample444, quality: 80);
        var cut = jpeg[..(jpeg.Length * 2 / 3)].Concat(new byte[] { 0xFF, 0xD9 }).ToArray();
        var problem = Assert.Throws<PhotoRejectedException>(() => PhotoReader.DecodeForWork(cut, 600, out _));
        Assert.Equal(PhotoProblem.Corrupt, problem.Problem);
    }
}
