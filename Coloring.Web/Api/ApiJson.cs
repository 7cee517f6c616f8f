using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Coloring.Web.Api;

/// <summary>
/// Reads a JSON request body by our rules, so that every bad body (empty, not JSON, too big, a value of the
/// wrong type) is a 400 naming the field, in every environment, and never a 500.
/// </summary>
public static class ApiJson
{
    /// <summary>Bodies of the JSON endpoints are small; anything bigger is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpContext http) where T : class
    {
        var request = http.Request;
        if (!request.HasJsonContentType())
        {
            return (null, ApiProblems.Invalid("body", "Send the body as JSON (Content-Type: application/json)."));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, ApiProblems.Invalid("body", $"The body is larger than {MaxBodyBytes / 1024} KB."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, ApiProblems.Invalid("body", $"The body is larger than {MaxBodyBytes / 1024} KB."));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, ApiProblems.Invalid("body", "Send a JSON object."));
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        try
        {
            // Syntax first, so a broken body is told apart from a value of the wrong type.
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, ApiProblems.Invalid("body", "Send a JSON object."));
            }
        }
        catch (JsonException)
        {
            return (null, ApiProblems.Invalid("body", "The body is not valid JSON."));
        }

        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes.Span, options);
            return value is null ? (null, ApiProblems.Invalid("body", "Send a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.Invalid(FieldOf(ex.Path) ?? "body", "This value is not of the right type."));
        }
    }

    // "$.linePt" -> "linePt"; "$" or nothing -> null (the body as a whole).
    private static string? FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
