using System.Text.Json;
using System.Text.Json.Nodes;
using Coloring.Domain.Gemini;
using Coloring.Domain.Jobs;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Coloring.Tests.Domain.Gemini;

/// <summary>A local stand-in for generativelanguage.googleapis.com speaking the real generateContent JSON.</summary>
public sealed class FakeGemini : IAsyncDisposable
{
    private readonly WebApplication app;

    public FakeGemini()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapPost("/v1beta/models/{modelAction}", async (HttpContext context, string modelAction) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            Requests.Add((modelAction, context.Request.Headers["x-goog-api-key"].ToString(), body));
            var (status, json, delay) = Responder(Requests.Count);
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json);
        });
        app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }

    public List<(string ModelAction, string ApiKey, string Body)> Requests { get; } = [];

    /// <summary>Given the 1-based request number, the status, body and delay to answer with.</summary>
    public Func<int, (int Status, string Json, TimeSpan Delay)> Responder { get; set; } = _ => (200, ImageAnswer(), TimeSpan.Zero);

    public static string ImageAnswer(string finishReason = "STOP") => new JsonObject
    {
        ["candidates"] = new JsonArray(new JsonObject
        {
            ["content"] = new JsonObject
            {
                ["role"] = "model",
                ["parts"] = new JsonArray(
                    new JsonObject { ["text"] = "Here is your coloring page." },
                    new JsonObject { ["inlineData"] = new JsonObject { ["mimeType"] = "image/png", ["data"] = Convert.ToBase64String(LineDrawing()) } }),
            },
            ["finishReason"] = finishReason,
            ["index"] = 0,
        }),
        ["usageMetadata"] = new JsonObject { ["promptTokenCount"] = 1290, ["totalTokenCount"] = 2580 },
    }.ToJsonString();

    public static string TextOnlyAnswer(string text, string finishReason = "STOP") => new JsonObject
    {
        ["candidates"] = new JsonArray(new JsonObject
        {
            ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(new JsonObject { ["text"] = text }) },
            ["finishReason"] = finishReason,
        }),
    }.ToJsonString();

    public static string Error(int code, string status, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status } }.ToJsonString();

    /// <summary>What a model might draw: outlines with a filled black area (dark hair) that must become an outline.</summary>
    public static byte[] LineDrawing() => TestImages.Encode(1024, 768, SKEncodedImageFormat.Png, canvas =>
    {
        canvas.Clear(SKColors.White);
        using var pen = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 8, IsAntialias = true };
        using var fill = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawCircle(512, 400, 250, pen);
        canvas.DrawCircle(430, 340, 40, pen);
        canvas.DrawCircle(600, 340, 40, pen);
        canvas.DrawOval(512, 180, 200, 70, fill);
        canvas.DrawLine(380, 500, 640, 500, pen);
        canvas.DrawRect(100, 650, 820, 60, pen);
    });

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

public class GeminiPageGeneratorTests
{
    private static GeminiPageGenerator Create(FakeGemini fake, TimeSpan? timeout = null, int retries = 3) =>
        new(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, Options.Create(new GeminiOptions
        {
            ApiKey = "test-key",
            Model = "gemini-test-image",
            Endpoint = fake.BaseUrl,
            Timeout = timeout ?? TimeSpan.FromSeconds(20),
            MaxRetries = retries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        }));

    [Fact]
    public async Task DrawingFromGeminiBecomesACleanPageThroughTheSameGate()
    {
        await using var fake = new FakeGemini();
        var page = await Create(fake).GenerateAsync(TestImages.Photo("dog.png"), new PageOptions(AgePreset.Kids), null, CancellationToken.None);

        var (modelAction, key, body) = Assert.Single(fake.Requests);
        Assert.Equal("gemini-test-image:generateContent", modelAction);
        Assert.Equal("test-key", key);
        var request = JsonNode.Parse(body)!;
        var parts = request["contents"]![0]!["parts"]!.AsArray();
        Assert.Contains("coloring page", parts[0]!["text"]!.GetValue<string>());
        Assert.Equal("image/jpeg", parts[1]!["inlineData"]!["mimeType"]!.GetValue<string>());
        Assert.NotEmpty(Convert.FromBase64String(parts[1]!["inlineData"]!["data"]!.GetValue<string>()));

        Assert.Equal("gemini", page.Metrics.Generator);
        Assert.True(page.Metrics.Passed, string.Join("; ", page.Metrics.Failures));
        Assert.InRange(page.Metrics.LargestBlobShare, 0, 0.005); // the filled oval became an outline
        Assert.Equal(PageOrientation.Landscape, page.Orientation);
    }

    [Fact]
    public async Task ThePhotoSentIsTurnedAndCroppedAsTheStudioShowedIt()
    {
        await using var fake = new FakeGemini();
        var photo = TestImages.Photo("dog.png");
        var crop = new CropBox(0.1, 0.2, 0.6, 0.9);
        using var upright = SKBitmap.Decode(photo);

        await Create(fake).GenerateAsync(photo, new PageOptions(AgePreset.Kids) { Turns = 1, Crop = crop }, null, CancellationToken.None);

        var request = JsonNode.Parse(Assert.Single(fake.Requests).Body)!;
        using var sent = SKBitmap.Decode(Convert.FromBase64String(request["contents"]![0]!["parts"]![1]!["inlineData"]!["data"]!.GetValue<string>()));
        // A quarter turn clockwise makes the landscape photo portrait; the crop keeps half its width and 70 % of its height.
        double turnedWidth = upright.Height, turnedHeight = upright.Width;
        Assert.Equal(turnedWidth * 0.5 / (turnedHeight * 0.7), (double)sent.Width / sent.Height, 2);
        // The same picture made independently: the upright photo turned a quarter clockwise on a canvas, then cropped.
        using var turned = new SKBitmap(upright.Height, upright.Width);
        using (var canvas = new SKCanvas(turned))
        {
            canvas.Translate(upright.Height, 0);
            canvas.RotateDegrees(90);
            using var uprightImage = SKImage.FromBitmap(upright);
            canvas.DrawImage(uprightImage, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }

        var kept = SKRectI.Round(new SKRect(0.1f * turned.Width, 0.2f * turned.Height, 0.6f * turned.Width, 0.9f * turned.Height));
        using var expected = new SKBitmap(sent.Width, sent.Height);
        using (var canvas = new SKCanvas(expected))
        {
            using var turnedImage = SKImage.FromBitmap(turned);
            canvas.DrawImage(turnedImage, kept, new SKRect(0, 0, sent.Width, sent.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        long difference = 0;
        for (var y = 0; y < sent.Height; y += 4)
        {
            for (var x = 0; x < sent.Width; x += 4)
            {
                SKColor a = sent.GetPixel(x, y), b = expected.GetPixel(x, y);
                difference += Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);
            }
        }

        var perPixel = difference / (double)(((sent.Width + 3) / 4) * ((sent.Height + 3) / 4));
        Assert.InRange(perPixel, 0, 24);
    }

    [Fact]
    public async Task TextOnlyRefusalGivesAClearError()
    {
        await using var fake = new FakeGemini { Responder = _ => (200, FakeGemini.TextOnlyAnswer("I can't help with images of real people."), TimeSpan.Zero) };
        var ex = await Assert.ThrowsAsync<PageGenerationException>(() => Create(fake).GenerateAsync(TestImages.Photo("dog.png"), new PageOptions(), null, CancellationToken.None));
        Assert.Contains("without a drawing", ex.Message);
        Assert.Contains("I can't help", ex.Message);
        Assert.False(ex.Transient);
    }

    [Fact]
    public async Task RateLimitIsRetriedWithBackoffAndThenSucceeds()
    {
        await using var fake = new FakeGemini
        {
            Responder = n => n <= 2
                ? (429, FakeGemini.Error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."), TimeSpan.Zero)
                : (200, FakeGemini.ImageAnswer(), TimeSpan.Zero),
        };
        var page = await Create(fake).GenerateAsync(TestImages.Photo("dog.png"), new PageOptions(), null, CancellationToken.None);
        Assert.Equal(3, fake.Requests.Count);
        Assert.Equal("gemini", page.Metrics.Generator);
    }

    [Fact]
    public async Task PersistentRateLimitGivesUpWithAClearTransientError()
    {
        await using var fake = new FakeGemini { Responder = _ => (429, FakeGemini.Error(429, "RESOURCE_EXHAUSTED", "Quota exceeded."), TimeSpan.Zero) };
        var ex = await Assert.ThrowsAsync<PageGenerationException>(() => Create(fake, retries: 2).GenerateAsync(TestImages.Photo("dog.png"), new PageOptions(), null, CancellationToken.None));
        Assert.Equal(3, fake.Requests.Count);
        Assert.Contains("RESOURCE_EXHAUSTED", ex.Message);
        Assert.True(ex.Transient);
    }

    [Fact]
    public async Task ServerErrorIsRetried()
    {
        await using var fake = new FakeGemini
        {
            Responder = n => n == 1 ? (503, FakeGemini.Error(503, "UNAVAILABLE", "The model is overloaded."), TimeSpan.Zero) : (200, FakeGemini.ImageAnswer(), TimeSpan.Zero),
        };
        await Create(fake).GenerateAsync(TestImages.Photo("dog.png"), new PageOptions(), null, CancellationToken.None);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task FinishReasonOtherThanStopIsAnError()
    {
        await using var fake = new FakeGemini { Responder = _ => (200, FakeGemini.TextOnlyAnswer("", finishReason: "IMAGE_SAFETY"), TimeSpan.Zero) };
        var ex = await Assert.ThrowsAsync<PageGenerationException>(() => Create(fake).GenerateAsync(TestImages.Photo("dog.png"), new PageOptions(), null, CancellationToken.None));
        Assert.Contains("IMAGE_SAFETY", ex.Message);
    }

    [Fact]
    public async Task SlowAnswerPastTheTimeoutGivesATimeoutError()
    {
        await using var fake = new FakeGemini { Responder = _ => (200, FakeGemini.ImageAnswer(), TimeSpan.FromSeconds(10)) };
        var ex = await Assert.ThrowsAsync<PageGenerationException>(() => Create(fake, timeout: TimeSpan.FromMilliseconds(500)).GenerateAsync(TestImages.Photo("dog.png"), new PageOptions(), null, CancellationToken.None));
        Assert.Contains("did not answer within", ex.Message);
        Assert.True(ex.Transient);
    }

    [Fact]
    public async Task BadRequestIsNotRetriedAndShowsTheServicesMessage()
    {
        await using var fake = new FakeGemini { Responder = _ => (400, FakeGemini.Error(400, "INVALID_ARGUMENT", "API key not valid."), TimeSpan.Zero) };
        var ex = await Assert.ThrowsAsync<PageGenerationException>(() => Create(fake).GenerateAsync(TestImages.Photo("dog.png"), new PageOptions(), null, CancellationToken.None));
        Assert.Single(fake.Requests);
        Assert.Contains("API key not valid", ex.Message);
    }

    [Fact]
    public void AddPageGeneratorsRegistersTheLocalEngineAsDefault()
    {
        var services = new ServiceCollection().AddPageGenerators(new ConfigurationBuilder().Build()).BuildServiceProvider();
        Assert.Equal("local", services.GetRequiredService<IPageGenerator>().Name);
        Assert.Single(services.GetServices<IPageGenerator>());
        Assert.Null(services.GetRequiredService<PageGenerators>().Find("gemini"));
    }

    [Fact]
    public void AddPageGeneratorsRegistersGeminiWhenAnApiKeyIsSet()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Generation:Gemini:ApiKey"] = "k",
            ["Generation:Gemini:Model"] = "my-model",
            ["Generation:Gemini:Timeout"] = "00:00:30",
        }).Build();
        var services = new ServiceCollection().AddPageGenerators(configuration).BuildServiceProvider();
        Assert.Equal("local", services.GetRequiredService<IPageGenerator>().Name);
        var generators = services.GetRequiredService<PageGenerators>();
        Assert.Equal("gemini", generators.Find("gemini")!.Name);
        Assert.Equal("gemini", services.GetRequiredKeyedService<IPageGenerator>("gemini").Name);
        var options = services.GetRequiredService<IOptions<GeminiOptions>>().Value;
        Assert.Equal(("my-model", TimeSpan.FromSeconds(30), "https://generativelanguage.googleapis.com"), (options.Model, options.Timeout, options.Endpoint));
    }
}
