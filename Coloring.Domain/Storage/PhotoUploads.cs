using Coloring.Domain.RateLimits;
using Coloring.Domain.Telemetry;
using Coloring.Engine;

namespace Coloring.Domain.Storage;

/// <summary>Why a photo was not taken in.</summary>
public enum PhotoRefusal
{
    /// <summary>The file has no bytes.</summary>
    Empty,

    /// <summary>The file is over <see cref="PhotoReader.MaxBytes"/>; it was not read.</summary>
    TooLarge,

    /// <summary>The person uploaded many photos in a short time; it was not read.</summary>
    TooMany,

    /// <summary>The file broke off while it was read.</summary>
    Incomplete,

    /// <summary>It was read and is not a photo the engine can use (its message says why).</summary>
    Rejected,

    /// <summary>Too many photos are being read on this instance to take this one now; try again after <see cref="PhotoIntake.RetryAfterSeconds"/>.</summary>
    Busy,
}

/// <summary>The stored photo, or the refusal with the sentence to show and, for <see cref="PhotoRefusal.TooMany"/> and <see cref="PhotoRefusal.Busy"/>, when to try again.</summary>
public sealed record PhotoIntake(Asset? Photo, PhotoRefusal? Refusal = null, string? Message = null, int RetryAfterSeconds = 0)
{
    public static PhotoIntake Refused(PhotoRefusal refusal, string message, int retryAfterSeconds = 0) => new(null, refusal, message, retryAfterSeconds);
}

/// <summary>
/// Takes a photo from a person or a script: checks it by the engine's rules and stores it re-encoded,
/// upright, at most <see cref="PhotoReader.StoredLongSide"/> px and without metadata (no EXIF, no GPS) in the
/// originals bucket. Decodes take turns through <see cref="PhotoDecodeGate"/>.
/// </summary>
public sealed class PhotoUploads(AssetStore assets, PhotoDecodeGate gate, IActionLimits limits)
{
    /// <summary>
    /// The one way a person's photo comes in, from the Create page or the API, with its checks in this order: the size
    /// (empty, too large), then the person's upload limit (counted before the photo is read: decoding is the work the
    /// limit protects), then <paramref name="read"/> and <see cref="StoreAsync"/>.
    /// </summary>
    /// <param name="size">The size the file says it has, before a byte of it is read.</param>
    /// <param name="read">Reads the whole file; an <see cref="IOException"/> means it did not arrive whole.</param>
    public async Task<PhotoIntake> TakeInAsync(Guid userId, long size, Func<CancellationToken, Task<byte[]>> read, CancellationToken cancellationToken = default)
    {
        if (size <= 0)
        {
            return PhotoIntake.Refused(PhotoRefusal.Empty, RefuseUnread(PhotoProblem.Empty));
        }

        if (size > PhotoReader.MaxBytes)
        {
            return PhotoIntake.Refused(PhotoRefusal.TooLarge, RefuseUnread(PhotoProblem.TooLarge));
        }

        var decision = await limits.UploadAsync(userId, cancellationToken);
        if (!decision.Allowed)
        {
            return PhotoIntake.Refused(PhotoRefusal.TooMany, $"You have uploaded many photos in a short time. You can upload another {decision.WaitText}.", decision.RetryAfterSeconds);
        }

        byte[] bytes;
        try
        {
            bytes = await read(cancellationToken);
        }
        catch (IOException)
        {
            return PhotoIntake.Refused(PhotoRefusal.Incomplete, "The photo did not arrive completely. Please try again.");
        }

        try
        {
            return new PhotoIntake(await StoreAsync(userId, bytes, cancellationToken));
        }
        catch (PhotoRejectedException ex)
        {
            return PhotoIntake.Refused(PhotoRefusal.Rejected, ex.Message);
        }
        catch (PhotoIntakeBusyException ex)
        {
            return PhotoIntake.Refused(PhotoRefusal.Busy, ex.Message, ex.RetryAfterSeconds);
        }
    }

    /// <summary>Stores the photo; throws <see cref="PhotoRejectedException"/> with a message for people when it is not acceptable,
    /// and <see cref="PhotoIntakeBusyException"/> when too many photos are being read to take this one now.</summary>
    public async Task<Asset> StoreAsync(Guid ownerId, ReadOnlyMemory<byte> photo, CancellationToken cancellationToken = default)
    {
        PhotoInfo stored = null!;
        byte[] clean;
        try
        {
            PhotoReader.Inspect(photo.Span);
            clean = await gate.RunAsync(() => PhotoReader.ReencodeWithoutMetadata(photo.Span, out stored), cancellationToken);
        }
        catch (PhotoRejectedException ex)
        {
            ColoringMetrics.UploadRefused(ex.Problem);
            throw;
        }

        return await assets.SaveAsync(ownerId, Bucket.Originals, clean, "image/jpeg", "jpg", stored.Width, stored.Height, cancellationToken);
    }

    // Counts a photo refused before it was read and returns the sentence to show.
    private static string RefuseUnread(PhotoProblem problem)
    {
        ColoringMetrics.UploadRefused(problem);
        return PhotoRejectedException.DefaultMessage(problem);
    }
}
