using Coloring.Domain.Export;
using Coloring.Domain.Jobs;
using Coloring.Domain.RateLimits;
using Coloring.Domain.Storage;
using Coloring.Engine;

namespace Coloring.Domain.Studio;

/// <summary>How a studio preview ended: made, or the refusal that stopped it.</summary>
public enum PreviewOutcome
{
    Made,

    /// <summary>The photo is unknown, deleted, someone else's, not an original, or unreadable.</summary>
    PhotoNotFound,

    /// <summary>An option is out of range; <see cref="PreviewResult.Field"/> names it.</summary>
    InvalidOptions,

    /// <summary>The person asked for many previews in a short time; <see cref="PreviewResult.RetryAfterSeconds"/> says when to try again.</summary>
    TooManyPreviews,
}

/// <summary>The preview, or the refusal with the field at fault and the sentence to show.</summary>
/// <param name="Png">The preview PNG, about 1024 px on its long side, when made.</param>
/// <param name="Width">The preview's width in pixels.</param>
/// <param name="Height">The preview's height in pixels.</param>
/// <param name="Field">The option at fault, for <see cref="PreviewOutcome.InvalidOptions"/> (e.g. "linePt").</param>
public sealed record PreviewResult(PreviewOutcome Outcome, byte[]? Png = null, int Width = 0, int Height = 0,
    string? Field = null, string? Message = null, int RetryAfterSeconds = 0);

/// <summary>
/// The studio's live preview, from the Create page or <c>POST /api/previews</c>: the page the options would make from the
/// person's own photo, free, drawn small with a light "Preview" mark (never a file to print). The checks come in this
/// order: the options, the photo, then the person's preview limit, so a request refused anyway never uses it up.
/// </summary>
public sealed class PagePreviews(AssetStore assets, IActionLimits limits, StudioPreviews engine)
{
    /// <summary>The word drawn across every preview.</summary>
    public const string MarkText = "Preview";

    private static readonly Lazy<PreviewMark> Mark = new(() => new PreviewMark(MarkText, PdfFont.Typeface));

    /// <summary>
    /// The preview of the page <paramref name="options"/> would make from <paramref name="photoAssetId"/>, which must be
    /// <paramref name="userId"/>'s own original photo. Cancelling the token stops the work (a stale preview is abandoned)
    /// and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<PreviewResult> PreviewAsync(Guid userId, Guid photoAssetId, PageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Refusal(options) is { } invalid)
        {
            return invalid;
        }

        var photo = await assets.FindAsync(photoAssetId, userId, cancellationToken);
        if (photo is null || photo.Bucket != Bucket.Originals)
        {
            return NotFound;
        }

        var decision = await limits.PreviewAsync(userId, cancellationToken);
        if (!decision.Allowed)
        {
            return new PreviewResult(PreviewOutcome.TooManyPreviews,
                Message: $"You have asked for many previews in a short time. You can see more {decision.WaitText}.", RetryAfterSeconds: decision.RetryAfterSeconds);
        }

        try
        {
            var preview = await engine.RenderAsync(photo.Id.ToString("N"),
                async ct => await assets.ReadAllAsync(photo, ct) ?? throw new PhotoRejectedException(PhotoProblem.Corrupt),
                options, Mark.Value, cancellationToken);
            return new PreviewResult(PreviewOutcome.Made, preview.Png, preview.Width, preview.Height);
        }
        catch (PhotoRejectedException)
        {
            // A stored original always decoded once; one that no longer does (its file gone or damaged) is as good as gone.
            return NotFound;
        }
    }

    private static readonly PreviewResult NotFound = new(PreviewOutcome.PhotoNotFound, Message: "That photo is not available any more. Please upload it again.");

    private static PreviewResult? Refusal(PageOptions options)
    {
        if (options.LinePt is { } pt && (!double.IsFinite(pt) || pt < PageStarts.MinLinePt || pt > PageStarts.MaxLinePt))
        {
            return new PreviewResult(PreviewOutcome.InvalidOptions, Field: "linePt", Message: $"Line weight must be between {PageStarts.MinLinePt} and {PageStarts.MaxLinePt} points.");
        }

        if (!Enum.IsDefined(options.Preset))
        {
            return new PreviewResult(PreviewOutcome.InvalidOptions, Field: "preset", Message: "Choose toddler, kids or detailed.");
        }

        return Enum.IsDefined(options.Paper) ? null : new PreviewResult(PreviewOutcome.InvalidOptions, Field: "paper", Message: "Choose a4 or letter.");
    }
}
