using Coloring.Domain.Imaging;
using Coloring.Domain.Telemetry;

namespace Coloring.Domain.Storage;

/// <summary>
/// Takes a photo from a person or a script: checks it by the engine's rules and stores it re-encoded,
/// upright and without metadata (no EXIF, no GPS) in the originals bucket.
/// </summary>
public sealed class PhotoUploads(AssetStore assets)
{
    /// <summary>Stores the photo; throws <see cref="PhotoRejectedException"/> with a message for people when it is not acceptable.</summary>
    public async Task<Asset> StoreAsync(Guid ownerId, ReadOnlyMemory<byte> photo, CancellationToken cancellationToken = default)
    {
        PhotoInfo info;
        byte[] clean;
        try
        {
            info = PhotoReader.Inspect(photo.Span);
            clean = await Task.Run(() => PhotoReader.ReencodeWithoutMetadata(photo.Span), cancellationToken);
        }
        catch (PhotoRejectedException ex)
        {
            ColoringMetrics.UploadRefused(ex.Problem);
            throw;
        }

        return await assets.SaveAsync(ownerId, Bucket.Originals, clean, "image/jpeg", "jpg", info.Width, info.Height, cancellationToken);
    }

    /// <summary>Counts a photo refused before it was read (empty, too large) and returns the sentence to show.</summary>
    public static string RefuseUnread(PhotoProblem problem)
    {
        ColoringMetrics.UploadRefused(problem);
        return PhotoRejectedException.DefaultMessage(problem);
    }
}
