namespace Coloring.Engine;

/// <summary>The page's subject for one photo: a box in 0-1 photo coordinates (given by the caller or found from the
/// subject map) and what happens to the background. The box's borders are dear, outside it is background, and the
/// working resolution goes to it (ADR 0012).</summary>
/// <param name="Box">The subject's box.</param>
/// <param name="Background">Keep, simplify or leave out (never <see cref="BackgroundMode.Auto"/> here).</param>
/// <param name="Given">True when the caller drew the box; false when the engine found it.</param>
internal sealed record SubjectFocus(SubjectBox Box, BackgroundMode Background, bool Given)
{
    /// <summary>Most extra working resolution a subject gets: its box is worked at up to this many times the preset's
    /// pixels per photo side (the whole picture is, so the background pays for it too; capped for speed).</summary>
    public const double MaxZoom = 1.5;

    /// <summary>Pixels of the subject map at or above this count for the automatic box.</summary>
    private const float FoundLevel = 0.5f;

    /// <summary>The steps the zoom comes in (see <see cref="Zoom"/>).</summary>
    public const double ZoomStep = 0.25;

    /// <summary>How the working resolution grows for this subject: 0.9 over the box's longer side (as a share of the
    /// photo's), from 1 (a box of nine tenths of the photo or more) to <see cref="MaxZoom"/> (three fifths or less). A
    /// given box's zoom comes in steps (<see cref="ZoomFor"/>); a found box's does not: it is found once per working
    /// image, so it gains nothing from steps, and stepping it cost a likeness portrait's second eye at kids.</summary>
    public double Zoom => Given ? ZoomFor(Box) : Math.Clamp(RawZoom(Box), 1, MaxZoom);

    /// <summary>The zoom a given box asks for, in steps of <see cref="ZoomStep"/>: the steps let boxes of about the same
    /// size share one working image, so a box moved or resized a little in the studio needs no new decode (ADR 0013). It
    /// goes up to the next step unless it is within 0.05 of the step below.</summary>
    public static double ZoomFor(SubjectBox box) => Math.Clamp(Math.Ceiling(RawZoom(box) / ZoomStep - 0.2) * ZoomStep, 1, MaxZoom);

    private static double RawZoom(SubjectBox box) => 0.9 / Math.Max(box.Right - box.Left, box.Bottom - box.Top);

    /// <summary>The subject asked for, or null when the engine is to look for one (see <see cref="FindBox"/>) or none
    /// applies (the whole photo with the background kept).</summary>
    public static SubjectFocus? Asked(PageOptions options) => options.Subject switch
    {
        null => null,
        { IsWhole: true } when options.Background is BackgroundMode.Auto or BackgroundMode.Keep => null,
        { } box => new SubjectFocus(box, options.Background == BackgroundMode.Auto ? BackgroundMode.Simplify : options.Background, true),
    };

    /// <summary>Whether the engine looks for the subject itself: no box given, and either kids (whose eyes gain from the
    /// extra resolution; toddler lost parts with it, and detailed is fine without, ADR 0012) or a background to simplify
    /// or leave out.</summary>
    public static bool Wanted(PageOptions options) =>
        options.Subject is null && (options.Preset == AgePreset.Kids || options.Background is BackgroundMode.Simplify or BackgroundMode.LeaveOut);

    /// <summary>The subject found on the subject map: the box around its confident part (the 2nd to 98th percentile of
    /// its pixels' places, widened by 6 % of the picture's side), or null when the subject is not clear (too little or
    /// too much of the picture, or a box over most of it). The box does not depend on the options, so the studio keeps
    /// it per working image; <see cref="FoundAt"/> makes the subject of it.</summary>
    public static SubjectBox? FindBox(float[] saliency, int w, int h)
    {
        var xs = new int[w];
        var ys = new int[h];
        var count = 0;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                if (saliency[y * w + x] >= FoundLevel)
                {
                    xs[x]++;
                    ys[y]++;
                    count++;
                }
            }
        }

        if (count < 0.03 * w * h || count > 0.6 * w * h)
        {
            return null;
        }

        double left = Percentile(xs, count, 0.02) / (double)w - 0.06, right = (Percentile(xs, count, 0.98) + 1.0) / w + 0.06;
        double top = Percentile(ys, count, 0.02) / (double)h - 0.06, bottom = (Percentile(ys, count, 0.98) + 1.0) / h + 0.06;
        left = Math.Max(0, left);
        top = Math.Max(0, top);
        right = Math.Min(1, right);
        bottom = Math.Min(1, bottom);
        if ((right - left) * (bottom - top) > 0.7 || right - left < SubjectBox.MinSide || bottom - top < SubjectBox.MinSide)
        {
            return null;
        }

        return new SubjectBox(left, top, right, bottom);

        static int Percentile(int[] histogram, int total, double share)
        {
            var target = share * total;
            var acc = 0;
            for (var i = 0; i < histogram.Length; i++)
            {
                acc += histogram[i];
                if (acc > target)
                {
                    return i;
                }
            }

            return histogram.Length - 1;
        }
    }

    /// <summary>The subject of a box the engine found (see <see cref="FindBox"/>). A found box is only as good as the
    /// subject map, which leans on the picture's centre: it gets the resolution, but the background is kept unless the
    /// caller asked otherwise (simplifying outside a found box cost parts on 13 of 48 pages, ADR 0012).</summary>
    public static SubjectFocus FoundAt(SubjectBox box, BackgroundMode background) =>
        new(box, background == BackgroundMode.Auto ? BackgroundMode.Keep : background, false);

    /// <summary>The box in working pixels (exclusive right and bottom), at least one pixel each way.</summary>
    public (int X0, int Y0, int X1, int Y1) Pixels(int w, int h)
    {
        int x0 = Math.Clamp((int)Math.Round(Box.Left * w), 0, w - 1), y0 = Math.Clamp((int)Math.Round(Box.Top * h), 0, h - 1);
        int x1 = Math.Clamp((int)Math.Round(Box.Right * w), x0 + 1, w), y1 = Math.Clamp((int)Math.Round(Box.Bottom * h), y0 + 1, h);
        return (x0, y0, x1, y1);
    }

    /// <summary>The subject map reweighed, as a new map (<paramref name="saliency"/> may be shared, and is left as it
    /// is): inside the box a given box lifts the map (its borders are dear) and a found one keeps it; outside, a kept
    /// background keeps half its weight and a simplified or left-out one none, so the clean-up spends the lines on the
    /// subject.</summary>
    public float[] Weighed(float[] saliency, int w, int h)
    {
        var (x0, y0, x1, y1) = Pixels(w, h);
        var lift = Given ? 0.5f : 0f;
        var outside = Background != BackgroundMode.Keep ? 0f : Given ? 0.5f : 1f;
        var weighed = new float[saliency.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                weighed[i] = x >= x0 && x < x1 && y >= y0 && y < y1 ? lift + (1 - lift) * saliency[i] : outside * saliency[i];
            }
        }

        return weighed;
    }

    /// <summary>The detail response with no detail lines outside the box unless the background is kept: a new array when
    /// anything is masked, else <paramref name="response"/> itself (which may be shared, and is never changed).</summary>
    public float[] Masked(float[] response, int w, int h)
    {
        if (Background == BackgroundMode.Keep)
        {
            return response;
        }

        var masked = (float[])response.Clone();
        var (x0, y0, x1, y1) = Pixels(w, h);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                if (x < x0 || x >= x1 || y < y0 || y >= y1)
                {
                    masked[y * w + x] = 0;
                }
            }
        }

        return masked;
    }

    /// <summary>Leaving the background out: every pixel outside the box joins one region (so no line is drawn there but the
    /// frame, and the box's edge only where a subject region meets it); labels are renumbered 0..count-1.</summary>
    public int LeaveOut(int[] labels, int count, int w, int h)
    {
        if (Background != BackgroundMode.LeaveOut)
        {
            return count;
        }

        var (x0, y0, x1, y1) = Pixels(w, h);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                if (x < x0 || x >= x1 || y < y0 || y >= y1)
                {
                    labels[y * w + x] = count;
                }
            }
        }

        var remap = new int[count + 1];
        Array.Fill(remap, -1);
        var next = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var l = labels[i];
            if (remap[l] < 0)
            {
                remap[l] = next++;
            }

            labels[i] = remap[l];
        }

        return next;
    }
}
