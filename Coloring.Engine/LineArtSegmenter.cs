using System.Runtime.CompilerServices;
namespace Coloring.Engine;

/// <summary>Turns a line drawing (e.g. from an image model) into regions: the white areas between lines become
/// regions, and every dark pixel (line or filled area) is handed to the nearest white area, so fills become outlines.</summary>
internal static class LineArtSegmenter
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Segmentation Segment(RgbaImage image, int minWhiteArea)
    {
        int w = image.Width, h = image.Height, n = w * h;
        var px = image.Pixels;
        var labels = new int[n];
        Array.Fill(labels, -1);
        var white = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var lum = (px[4 * i] * 299 + px[4 * i + 1] * 587 + px[4 * i + 2] * 114) / 1000;
            white[i] = lum >= 140;
        }

        var count = 0;
        var queue = new int[n];
        var component = new List<int>();
        for (var start = 0; start < n; start++)
        {
            if (!white[start] || labels[start] != -1)
            {
                continue;
            }

            component.Clear();
            labels[start] = count;
            int head = 0, tail = 0;
            queue[tail++] = start;
            while (head < tail)
            {
                var p = queue[head++];
                component.Add(p);
                int x = p % w, y = p / w;
                if (x > 0) Visit(p - 1);
                if (x + 1 < w) Visit(p + 1);
                if (y > 0) Visit(p - w);
                if (y + 1 < h) Visit(p + w);
            }

            if (component.Count < minWhiteArea)
            {
                // Crumbs of white inside the lines are not regions; they join the lines.
                foreach (var p in component)
                {
                    labels[p] = -2;
                }
            }
            else
            {
                count++;
            }

            void Visit(int q)
            {
                if (white[q] && labels[q] == -1)
                {
                    labels[q] = count;
                    queue[tail++] = q;
                }
            }
        }

        if (count == 0)
        {
            Array.Fill(labels, 0);
            return new Segmentation(labels, 1, null);
        }

        // Multi-source breadth-first growth from every region into the ink, in scan order (deterministic).
        int qh = 0, qt = 0;
        for (var i = 0; i < n; i++)
        {
            if (labels[i] >= 0)
            {
                queue[qt++] = i;
            }
        }

        while (qh < qt)
        {
            var p = queue[qh++];
            int x = p % w, y = p / w;
            if (x > 0) Grow(p, p - 1);
            if (x + 1 < w) Grow(p, p + 1);
            if (y > 0) Grow(p, p - w);
            if (y + 1 < h) Grow(p, p + w);
        }

        return new Segmentation(labels, count, null);

        void Grow(int from, int to)
        {
            if (labels[to] < 0)
            {
                labels[to] = labels[from];
                queue[qt++] = to;
            }
        }
    }
}
