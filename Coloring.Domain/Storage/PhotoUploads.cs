using Coloring.Domain.Telemetry;
using Coloring.Engine;

namespace Coloring.Domain.Storage;

/// <summary>
/// Takes a photo from a person or a script: checks it by the engine's rules and stores it re-encoded,
/// upright, at most <see cref="PhotoReader.StoredLongSide"/> px and without metadata (no EXIF, no GPS) in the
/// originals bucket. Decodes take turns through <see cref="PhotoDecodeGate"/>.
/// </summary>
public sealed class PhotoUploads(AssetStore assets, PhotoDecodeGate gate)
{
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

    /// <summary>Counts a photo refused before it was read (empty, too large) and returns the sentence to show.</summary>
    public static string RefuseUnread(PhotoProblem problem)
    {
        ColoringMetrics.UploadRefused(problem);
        return PhotoRejectedException.DefaultMessage(problem);
    }
}
