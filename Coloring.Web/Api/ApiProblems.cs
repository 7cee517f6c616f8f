using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coloring.Web.Api;

/// <summary>The API's error answers, all RFC 7807 problem details.</summary>
public static class ApiProblems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Some values are not valid.");

    public static ProblemHttpResult NotFound(string what = "There is no such thing here.") =>
        TypedResults.Problem(detail: what, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>402, naming where to get more credits (the Credits page, or <c>POST /api/credits/checkout</c> for scripts).</summary>
    public static ProblemHttpResult NoCredits(string message) =>
        TypedResults.Problem(detail: message + " Get more credits at /credits.", statusCode: StatusCodes.Status402PaymentRequired, title: "No credits left",
            extensions: new Dictionary<string, object?> { ["buyCredits"] = Payments.CheckoutLinks.BuyPage, ["checkout"] = "/api/credits/checkout" });

    public static ProblemHttpResult Forbidden(string message) =>
        TypedResults.Problem(detail: message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult Conflict(string message) =>
        TypedResults.Problem(detail: message, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    /// <summary>503: an admin has paused this for everyone; the message is theirs.</summary>
    public static ProblemHttpResult Paused(string message) =>
        TypedResults.Problem(detail: message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Paused");

    /// <summary>429 with <c>Retry-After</c> in seconds.</summary>
    public static ProblemHttpResult TooMany(HttpContext http, int retryAfterSeconds, string message) =>
        WithRetryAfter(http, retryAfterSeconds, StatusCodes.Status429TooManyRequests, "Too many requests", message);

    /// <summary>503 with <c>Retry-After</c> in seconds: this instance is too busy to take it now; nothing was kept.</summary>
    public static ProblemHttpResult Busy(HttpContext http, int retryAfterSeconds, string message) =>
        WithRetryAfter(http, retryAfterSeconds, StatusCodes.Status503ServiceUnavailable, "Busy", message);

    private static ProblemHttpResult WithRetryAfter(HttpContext http, int retryAfterSeconds, int status, string title, string message)
    {
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail: message, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = retryAfterSeconds });
    }

    /// <summary>
    /// Requests the framework refuses before our code runs (a query value of the wrong type, a form that is
    /// not a form, a body over the size limit) answer with their own status as problem details, never 500.
    /// </summary>
    internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad || !ApiExtensions.IsApiRequest(http.Request) || http.Response.HasStarted)
            {
                return false;
            }

            http.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = bad.StatusCode, Title = "The request could not be read.", Detail = ReadableReason(bad) },
            });
        }

        private static string ReadableReason(BadHttpRequestException bad) => bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            StatusCodes.Status415UnsupportedMediaType => "The request's content type is not one this endpoint reads.",
            _ => bad.InnerException is JsonException ? "The body is not valid JSON." : bad.Message,
        };
    }
}
