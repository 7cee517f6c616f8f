namespace Coloring.Domain.Studio;

/// <summary>Settings under <c>Studio</c>.</summary>
public sealed class StudioOptions
{
    public const string Section = "Studio";

    /// <summary>Memory for the previews' cache of decoded photos and their intermediate results, across everybody;
    /// the least recently used go first. 0 turns the cache off.</summary>
    public int CacheMegabytes { get; set; } = 256;
}
