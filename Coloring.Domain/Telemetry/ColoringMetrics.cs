using System.Diagnostics.Metrics;
using Coloring.Domain.Credits;
using Coloring.Engine;

namespace Coloring.Domain.Telemetry;

/// <summary>
/// The product's own metrics, on the <see cref="MeterName"/> meter (plain System.Diagnostics.Metrics: the app
/// decides where they go). Counts are process-wide, like the runtime's; gauges that need the database or the
/// circuits are made by the app.
/// </summary>
public static class ColoringMetrics
{
    /// <summary>The meter every instrument of the product is on.</summary>
    public const string MeterName = "Coloring";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> PagesMade = Meter.CreateCounter<long>("coloring.pages.made", "{page}", "Pages finished and stored.");
    private static readonly Counter<long> PagesFailed = Meter.CreateCounter<long>("coloring.pages.failed", "{page}", "Pages that failed for good.");
    private static readonly Counter<long> PagesRefunded = Meter.CreateCounter<long>("coloring.pages.refunded", "{page}", "Credits given back for failed pages.");
    private static readonly Histogram<double> StageTime = Meter.CreateHistogram<double>("coloring.page.stage.duration", "s", "Time a page spends in each stage (queued, decode, … store).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300] });
    private static readonly Counter<long> CreditsSpent = Meter.CreateCounter<long>("coloring.credits.spent", "{credit}", "Credits spent on pages.");
    private static readonly Counter<long> CreditsGranted = Meter.CreateCounter<long>("coloring.credits.granted", "{credit}", "Credits given: on sign-up or by an admin.");
    private static readonly Counter<long> CreditsBought = Meter.CreateCounter<long>("coloring.credits.bought", "{credit}", "Credits bought.");
    private static readonly Counter<long> RateLimitRefusals = Meter.CreateCounter<long>("coloring.ratelimit.refusals", "{request}", "Actions refused by a rate limit, by action.");
    private static readonly Counter<long> UploadsRefused = Meter.CreateCounter<long>("coloring.uploads.refused", "{upload}", "Photos refused, by reason.");

    public static void PageMade() => PagesMade.Add(1);

    public static void PageFailed() => PagesFailed.Add(1);

    /// <summary>Time spent in one stage of one page.</summary>
    public static void StageTook(string stage, TimeSpan duration) =>
        StageTime.Record(Math.Max(0, duration.TotalSeconds), new KeyValuePair<string, object?>("stage", stage));

    /// <summary>A ledger change that was applied (never a replay).</summary>
    public static void CreditsChanged(CreditReason reason, int delta)
    {
        switch (reason)
        {
            case CreditReason.JobDebit:
                CreditsSpent.Add(-delta);
                break;
            case CreditReason.JobRefund:
                PagesRefunded.Add(1);
                break;
            case CreditReason.SignupGrant or CreditReason.AdminGrant:
                CreditsGranted.Add(delta, new KeyValuePair<string, object?>("reason", reason == CreditReason.SignupGrant ? "signup" : "admin"));
                break;
            case CreditReason.Purchase:
                CreditsBought.Add(delta);
                break;
        }
    }

    /// <summary>An action a rate limit refused: <c>upload</c>, <c>generation</c>, <c>sign-in-link</c>.</summary>
    public static void RateLimited(string action) => RateLimitRefusals.Add(1, new KeyValuePair<string, object?>("action", action));

    public static void UploadRefused(PhotoProblem reason) =>
        UploadsRefused.Add(1, new KeyValuePair<string, object?>("reason", ReasonName(reason)));

    private static string ReasonName(PhotoProblem reason) => reason switch
    {
        PhotoProblem.Empty => "empty",
        PhotoProblem.TooLarge => "too_large",
        PhotoProblem.NotAnImage => "not_an_image",
        PhotoProblem.Corrupt => "corrupt",
        PhotoProblem.Animated => "animated",
        PhotoProblem.TooManyPixels => "too_many_pixels",
        PhotoProblem.TooSmall => "too_small",
        _ => "other",
    };
}
