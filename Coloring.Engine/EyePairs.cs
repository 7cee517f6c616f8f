using System.Runtime.CompilerServices;

namespace Coloring.Engine;

/// <summary>A classical eye finder for faces and pets whose eyes have no clean rim for <see cref="ClosedParts"/> (a
/// mandrill's orange eye in its dark socket, a dark dog's grey eye in dark fur): a centre-surround blob detector at a few
/// scales (the mean lightness of a disc's square against the square ring around it, on the contrast-normalised
/// luminance), then the best pair of blobs of the same kind: both lighter or both darker than their surround, of about the
/// same size and lightness, about level (the rise under a quarter of the run), eight to sixteen radii apart (a ring the
/// size of an eye's height, not a lens over the whole eye socket), in the picture's upper half and inside the subject box
/// when the person drew one. It has no face finder, so it can still pair two like blobs that are not eyes (a toy's two
/// knobs); the pair is carved in as two round parts and the regions stage keeps them, which on the test set gained the
/// mandrill's second eye at kids and lost no part anywhere (ADR 0015, ADR 0017).</summary>
internal static class EyePairs
{
    /// <summary>Least centre-surround contrast (L units of the contrast-normalised luminance) of an eye.</summary>
    internal const double MinContrast = 9;

    /// <summary>Least number of closed parts a preset keeps for the pair to be looked for (kids and detailed keep 6,
    /// toddler 2).</summary>
    internal const int PartsNeeded = 4;

    /// <summary>Most rise of the line between the eyes, as a share of its run: a head tilted by up to 14° (the dark dog's
    /// eyes rise 0.23 of their run; 0.1 was the limit before the spacing rule, ADR 0017).</summary>
    internal const double MaxRise = 0.25;

    /// <summary>Least distance between the two eyes' centres, in eye radii. A ring is drawn at the blob's radius, so a pair
    /// closer than this is drawn as two lenses, not as eyes: an eye's ring is about its height, and a face's eyes are
    /// about ten to fourteen of those apart (the mandrill's 13.6; the black-hat portrait's cheeks under its eyes, which
    /// read as spectacles, 4.7).</summary>
    internal const double MinSpacing = 8;

    /// <summary>How far the bridge between the eyes must be from the eyes' lightness, towards their surround, as a share of
    /// the weaker eye's contrast.</summary>
    internal const double MinBridge = 0.5;

    /// <summary>Finds the best pair of eyes with radii between the bounds (working pixels), or none; with
    /// <paramref name="within"/> (a subject box the person drew, working pixels, exclusive right and bottom) both eyes must
    /// lie inside it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<ClosedPart> Find(float[] luminance, int w, int h, double minRadius, double maxRadius, (int X0, int Y0, int X1, int Y1)? within = null)
    {
        var side = Math.Min(w, h);
        var low = Math.Max(minRadius, 0.012 * side);
        var high = Math.Min(maxRadius, 0.06 * side);
        if (low > high || side < 32)
        {
            return [];
        }

        var sum = Integral(luminance, w, h);
        var blobs = new List<Blob>();
        for (var r = low; r <= high * 1.0001; r *= 1.2)
        {
            blobs.AddRange(BlobsAt(sum, w, h, r));
        }

        // Strongest first; a weaker blob overlapping a stronger one (another scale of the same thing) is dropped.
        blobs.Sort((a, b) => a.Contrast != b.Contrast ? Math.Abs(b.Contrast).CompareTo(Math.Abs(a.Contrast)) : a.Y != b.Y ? a.Y.CompareTo(b.Y) : a.X.CompareTo(b.X));
        var kept = new List<Blob>();
        foreach (var b in blobs)
        {
            if (kept.All(k => Math.Sqrt((k.X - b.X) * (k.X - b.X) + (k.Y - b.Y) * (k.Y - b.Y)) > k.R + b.R) && kept.Count < 24)
            {
                kept.Add(b);
            }
        }


        Blob? bestA = null, bestB = null;
        var best = 0.0;
        for (var i = 0; i < kept.Count; i++)
        {
            for (var j = i + 1; j < kept.Count; j++)
            {
                var (a, b) = kept[i].X <= kept[j].X ? (kept[i], kept[j]) : (kept[j], kept[i]);
                double dx = b.X - a.X, dy = Math.Abs(b.Y - a.Y), r = (a.R + b.R) / 2;
                if (Math.Sign(a.Contrast) != Math.Sign(b.Contrast) || Math.Max(a.R, b.R) > 1.45 * Math.Min(a.R, b.R)
                    || dx < MinSpacing * r || dx > 16 * r || dy > MaxRise * dx || (a.Y + b.Y) / 2 > 0.5 * h
                    || (within is { } box && !(Inside(a, box) && Inside(b, box)))
                    || Math.Abs(a.Inside - b.Inside) > 0.6 * Math.Max(Math.Abs(a.Contrast), Math.Abs(b.Contrast)))
                {
                    continue;
                }

                // The bridge between two eyes is face, not eye: its lightness differs from the eyes' as their surround does.
                // Two sides of one dark disc (a head's outline) are a "pair" whose bridge is as dark as they are.
                var bridge = Mean(sum, w, h, (a.X + b.X) / 2, (a.Y + b.Y) / 2, r);
                var inside = (a.Inside + b.Inside) / 2;
                if (Math.Abs(bridge - inside) < MinBridge * Math.Min(Math.Abs(a.Contrast), Math.Abs(b.Contrast)) || Math.Sign(bridge - inside) == Math.Sign(a.Contrast))
                {
                    continue;
                }

                var score = Math.Min(Math.Abs(a.Contrast), Math.Abs(b.Contrast));
                if (score > best)
                {
                    (best, bestA, bestB) = (score, a, b);
                }
            }
        }

        if (bestA is null || bestB is null)
        {
            return [];
        }


        return [Disc(bestA, w, h), Disc(bestB, w, h)];
    }

    /// <summary>Mean lightness in the square of the disc's area around a point.</summary>
    private static double Mean(double[] sum, int w, int h, double x, double y, double r)
    {
        var half = Math.Max(1, (int)Math.Round(r * 0.886));
        int cx = (int)x, cy = (int)y;
        int x0 = Math.Max(0, cx - half), x1 = Math.Min(w, cx + half + 1), y0 = Math.Max(0, cy - half), y1 = Math.Min(h, cy + half + 1);
        return Box(sum, w, x0, y0, x1, y1) / Math.Max(1, (x1 - x0) * (y1 - y0));
    }

    private static bool Inside(Blob b, (int X0, int Y0, int X1, int Y1) box) =>
        b.X - b.R >= box.X0 && b.X + b.R <= box.X1 && b.Y - b.R >= box.Y0 && b.Y + b.R <= box.Y1;

    private sealed record Blob(double X, double Y, double R, double Contrast, double Inside);

    private static ClosedPart Disc(Blob b, int w, int h)
    {
        var pixels = new List<int>();
        int x0 = Math.Max(0, (int)(b.X - b.R)), x1 = Math.Min(w - 1, (int)(b.X + b.R) + 1);
        int y0 = Math.Max(0, (int)(b.Y - b.R)), y1 = Math.Min(h - 1, (int)(b.Y + b.R) + 1);
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                double dx = x + 0.5 - b.X, dy = y + 0.5 - b.Y;
                if (dx * dx + dy * dy <= b.R * b.R)
                {
                    pixels.Add(y * w + x);
                }
            }
        }

        return new ClosedPart(b.X, b.Y, b.R, [.. pixels]);
    }

    /// <summary>Blobs of radius <paramref name="r"/>: local extremes (over a window of one radius) of the mean lightness in
    /// the disc's square of equal area minus the mean in the square ring out to twice the radius.</summary>
    private static List<Blob> BlobsAt(double[] sum, int w, int h, double r)
    {
        int inner = Math.Max(1, (int)Math.Round(r * 0.886)), outer = (int)Math.Round(2 * r);
        var step = Math.Max(1, (int)(r / 4));
        int nx = 0, ny = 0;
        var xs = new List<int>();
        var ys = new List<int>();
        for (var y = outer; y < h - outer; y += step)
        {
            ys.Add(y);
        }

        for (var x = outer; x < w - outer; x += step)
        {
            xs.Add(x);
        }

        nx = xs.Count;
        ny = ys.Count;
        if (nx < 3 || ny < 3)
        {
            return [];
        }

        var c = new double[nx * ny];
        var ins = new double[nx * ny];
        for (var j = 0; j < ny; j++)
        {
            for (var i = 0; i < nx; i++)
            {
                int x = xs[i], y = ys[j];
                var inSum = Box(sum, w, x - inner, y - inner, x + inner + 1, y + inner + 1);
                var inArea = (2 * inner + 1) * (double)(2 * inner + 1);
                var allSum = Box(sum, w, x - outer, y - outer, x + outer + 1, y + outer + 1);
                var allArea = (2 * outer + 1) * (double)(2 * outer + 1);
                ins[j * nx + i] = inSum / inArea;
                c[j * nx + i] = inSum / inArea - (allSum - inSum) / (allArea - inArea);
            }
        }

        var reach = Math.Max(1, (int)Math.Round(r / step));
        var found = new List<Blob>();
        for (var j = 0; j < ny; j++)
        {
            for (var i = 0; i < nx; i++)
            {
                var v = c[j * nx + i];
                if (Math.Abs(v) < MinContrast)
                {
                    continue;
                }

                var peak = true;
                for (var dj = -reach; dj <= reach && peak; dj++)
                {
                    for (var di = -reach; di <= reach; di++)
                    {
                        int jj = j + dj, ii = i + di;
                        if ((dj != 0 || di != 0) && jj >= 0 && jj < ny && ii >= 0 && ii < nx && Math.Abs(c[jj * nx + ii]) > Math.Abs(v))
                        {
                            peak = false;
                            break;
                        }
                    }
                }

                if (peak)
                {
                    found.Add(new Blob(xs[i] + 0.5, ys[j] + 0.5, r, v, ins[j * nx + i]));
                }
            }
        }

        return found;
    }

    private static double[] Integral(float[] v, int w, int h)
    {
        var s = new double[(w + 1) * (h + 1)];
        for (var y = 0; y < h; y++)
        {
            double row = 0;
            for (var x = 0; x < w; x++)
            {
                row += v[y * w + x];
                s[(y + 1) * (w + 1) + x + 1] = s[y * (w + 1) + x + 1] + row;
            }
        }

        return s;
    }

    private static double Box(double[] s, int w, int x0, int y0, int x1, int y1)
    {
        var stride = w + 1;
        return s[y1 * stride + x1] - s[y0 * stride + x1] - s[y1 * stride + x0] + s[y0 * stride + x0];
    }
}
