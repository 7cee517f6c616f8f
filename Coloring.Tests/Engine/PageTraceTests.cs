using System.Collections.Concurrent;
using Coloring.Engine;

namespace Coloring.Tests.Engine;

public class PageTraceTests
{
    [Fact]
    public void A_trace_sees_every_intermediate_picture_at_the_working_size_and_the_page_stays_the_same()
    {
        var photo = TestImages.Photo("sweets.png");
        var trace = new RecordingTrace();

        var traced = new LocalPageGenerator(trace).Generate(photo, new PageOptions(AgePreset.Kids));
        var plain = new LocalPageGenerator().Generate(photo, new PageOptions(AgePreset.Kids));

        Assert.Equal(plain.Png, traced.Png);
        Assert.Equal(plain.Svg, traced.Svg);
        var (w, h) = (traced.Metrics.WorkingWidth, traced.Metrics.WorkingHeight);
        Assert.Equal(["detail", "parts", "saliency"], trace.Maps.Keys.Order(StringComparer.Ordinal));
        Assert.All(trace.Maps.Values, size => Assert.Equal(w * h, size));
        for (var attempt = 1; attempt <= traced.Metrics.Attempts; attempt++)
        {
            Assert.Equal(w * h, trace.Labels[$"a{attempt}-1-segments"]);
            Assert.Equal(w * h, trace.Labels[$"a{attempt}-2-merged"]);
        }

        Assert.Equal(2 * traced.Metrics.Attempts, trace.Labels.Count);
    }

    [Fact]
    public void The_default_trace_never_works_out_a_map()
    {
        PageTrace.None.Map("saliency", () => throw new InvalidOperationException("worked out"), 1, 1);
        PageTrace.None.Labels("segments", [0], 1, 1, null);
    }

    private sealed class RecordingTrace : IPageTrace
    {
        public ConcurrentDictionary<string, int> Labels { get; } = new();

        public ConcurrentDictionary<string, int> Maps { get; } = new();

        void IPageTrace.Labels(string stage, int[] labels, int width, int height, LabImage? colours)
        {
            Assert.Equal(width * height, labels.Length);
            Labels[stage] = labels.Length;
        }

        void IPageTrace.Map(string stage, Func<float[]> values, int width, int height) => Maps[stage] = values().Length;
    }
}
