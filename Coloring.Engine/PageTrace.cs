namespace Coloring.Engine;

/// <summary>Sees a page's intermediate pictures as the engine makes them, for tuning it (the CLI's debug verb writes
/// them as PNGs). Pages are made with <see cref="PageTrace.None"/>, which looks at nothing.</summary>
internal interface IPageTrace
{
    /// <summary>A label map: each working pixel's region, with the regions' colours when the line method has them.</summary>
    void Labels(string stage, int[] labels, int width, int height, LabImage? colours);

    /// <summary>A map of 0..1 values per working pixel; <paramref name="values"/> is only worked out if it is looked at.</summary>
    void Map(string stage, Func<float[]> values, int width, int height);
}

internal static class PageTrace
{
    public static readonly IPageTrace None = new NoTrace();

    private sealed class NoTrace : IPageTrace
    {
        public void Labels(string stage, int[] labels, int width, int height, LabImage? colours)
        {
        }

        public void Map(string stage, Func<float[]> values, int width, int height)
        {
        }
    }
}
