using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Coloring.Engine;
using Microsoft.Extensions.Options;

namespace Coloring.Domain.Gemini;

/// <summary>Settings bound from "Generation:Gemini".</summary>
public sealed class GeminiOptions
{
    public const string Section = "Generation:Gemini";

    /// <summary>API key, sent as the x-goog-api-key header. The generator is registered only when it is set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Image model name.</summary>
    public string Model { get; set; } = "gemini-2.5-flash-image";

    /// <summary>Base URL of the API.</summary>
    public string Endpoint { get; set; } = "https://generativelanguage.googleapis.com";

    /// <summary>Longest wait for one answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Retries after a 429 or 5xx answer.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay; doubled on each retry.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Long side of the photo sent to the model.</summary>
    public int UploadLongSide { get; set; } = 1536;
}

/// <summary>Asks Gemini's generateContent API for bold black outlines, then runs its answer through the local
/// regions stage, tracing and quality gate, so the page meets the same bounds as a local one.</summary>
public sealed class GeminiPageGenerator(HttpClient http, IOptions<GeminiOptions> options) : IPageGenerator
{
    internal const string Prompt =
        "Turn this photo into a children's coloring page: bold, clean, closed black outlines of the main subject and " +
        "a simple background on a pure white background. No shading, no grey, no filled black areas, no text, no " +
        "hatching, no texture. Keep the composition and proportions of the photo.";

    private readonly GeminiOptions settings = options.Value;

    public string Name => "gemini";

    public async Task<ColoringPage> GenerateAsync(ReadOnlyMemory<byte> photo, PageOptions pageOptions, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pageOptions);
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            throw new PageGenerationException("The Gemini drawing service is not configured.");
        }

        var stageMs = new Dictionary<string, double>();
        var total = Stopwatch.StartNew();
        var sw = Stopwatch.StartNew();
        progress?.Report(new GenerationProgress(GenerationStages.Decode, 0));
        var upload = LineArtPages.PhotoToSend(photo.Span, settings.UploadLongSide, pageOptions);
        GenerationStages.Add(stageMs, GenerationStages.Decode, sw);

        progress?.Report(new GenerationProgress(GenerationStages.Lines, 10));
        sw.Restart();
        var drawing = await RequestDrawingAsync(upload, cancellationToken).ConfigureAwait(false);
        GenerationStages.Add(stageMs, GenerationStages.Lines, sw);

        return await Task.Run(() => LineArtPages.FromDrawing(Name, drawing, pageOptions, stageMs, total, progress, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<byte[]> RequestDrawingAsync(byte[] jpeg, CancellationToken cancellationToken)
    {
        var url = $"{settings.Endpoint.TrimEnd('/')}/v1beta/models/{Uri.EscapeDataString(settings.Model)}:generateContent";
        var body = JsonSerializer.Serialize(new
        {
            contents = new[]
            {
                new
                {
                    role = "user",
                    parts = new object[]
                    {
                        new { text = Prompt },
                        new { inlineData = new { mimeType = "image/jpeg", data = Convert.ToBase64String(jpeg) } },
                    },
                },
            },
            generationConfig = new { responseModalities = new[] { "TEXT", "IMAGE" } },
        });

        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-goog-api-key", settings.ApiKey);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            HttpResponseMessage response;
            string text;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PageGenerationException($"The Gemini drawing service did not answer within {settings.Timeout.TotalSeconds:0} seconds.", transient: true);
            }
            catch (HttpRequestException ex)
            {
                if (attempt < settings.MaxRetries)
                {
                    await Task.Delay(Backoff(attempt, null), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new PageGenerationException("The Gemini drawing service could not be reached.", transient: true, ex);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
                {
                    if (attempt < settings.MaxRetries)
                    {
                        await Task.Delay(Backoff(attempt, response.Headers.RetryAfter), cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var what = response.StatusCode == HttpStatusCode.TooManyRequests
                        ? "is busy or the usage limit was reached"
                        : "had a server error";
                    throw new PageGenerationException($"The Gemini drawing service {what} ({status} {ErrorStatus(text)}) after {attempt + 1} tries. Please try again later.", transient: true);
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new PageGenerationException($"The Gemini drawing service refused the request ({status} {ErrorStatus(text)}): {ErrorMessage(text)}");
                }

                return ParseDrawing(text);
            }
        }
    }

    private TimeSpan Backoff(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        var delay = settings.RetryBaseDelay * Math.Pow(2, attempt);
        if (retryAfter?.Delta is { } asked && asked > delay)
        {
            delay = asked;
        }

        return delay > TimeSpan.FromSeconds(60) ? TimeSpan.FromSeconds(60) : delay;
    }

    /// <summary>Reads the first image from candidates[].content.parts[].inlineData; anything else is a clear error.</summary>
    internal static byte[] ParseDrawing(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (!root.TryGetProperty("candidates", out var candidates) || candidates.ValueKind != JsonValueKind.Array || candidates.GetArrayLength() == 0)
            {
                var reason = root.TryGetProperty("promptFeedback", out var fb) && fb.TryGetProperty("blockReason", out var br) ? br.GetString() : null;
                throw new PageGenerationException(reason is null
                    ? "The Gemini drawing service returned no drawing."
                    : $"The Gemini drawing service declined this photo ({reason}).");
            }

            var candidate = candidates[0];
            var finish = candidate.TryGetProperty("finishReason", out var fr) ? fr.GetString() : null;
            var texts = new List<string>();
            byte[]? image = null;
            if (candidate.TryGetProperty("content", out var content) && content.TryGetProperty("parts", out var parts))
            {
                foreach (var part in parts.EnumerateArray())
                {
                    if ((part.TryGetProperty("inlineData", out var data) || part.TryGetProperty("inline_data", out data))
                        && data.TryGetProperty("data", out var b64) && image is null)
                    {
                        image = Convert.FromBase64String(b64.GetString() ?? "");
                    }
                    else if (part.TryGetProperty("text", out var t))
                    {
                        texts.Add(t.GetString() ?? "");
                    }
                }
            }

            if (finish is not null && finish != "STOP")
            {
                throw new PageGenerationException($"The Gemini drawing service stopped without finishing the drawing (reason: {finish}).");
            }

            if (image is null)
            {
                var said = string.Join(" ", texts).Trim();
                throw new PageGenerationException(said.Length == 0
                    ? "The Gemini drawing service answered without a drawing."
                    : $"The Gemini drawing service answered without a drawing: \"{(said.Length > 300 ? said[..300] + "…" : said)}\"");
            }

            return image;
        }
        catch (JsonException ex)
        {
            throw new PageGenerationException("The Gemini drawing service sent an answer we could not read.", transient: true, ex);
        }
        catch (FormatException ex)
        {
            throw new PageGenerationException("The Gemini drawing service sent a picture we could not read.", transient: true, ex);
        }
    }

    private static string ErrorStatus(string json) => ErrorField(json, "status") ?? "";

    private static string ErrorMessage(string json) => ErrorField(json, "message") ?? "no details";

    private static string? ErrorField(string json, string field)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("error", out var e) && e.TryGetProperty(field, out var v) ? v.ToString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
