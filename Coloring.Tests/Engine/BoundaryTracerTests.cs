using System.Globalization;
using System.Text;
using Coloring.Engine;

namespace Coloring.Tests.Engine;

public class BoundaryTracerTests
{
    [Fact]
    public void PathNumbersAreWrittenExactlyAsTheInvariantOneDecimalFormat()
    {
        // Every page coordinate and control point is rounded to one decimal before it is written; the fast writer must
        // give the same text as "0.#" for all of them, negative zero and values across the page included.
        var values = new List<double> { 0, -0.0, 0.1, -0.1, 0.9, -0.9, 9.9, -9.9, 10, 3508, 2479.9, 1e7 + 0.3 };
        values.AddRange(new[] { -0.04, 0.04, 0.049, -0.049, 12.34, 2479.96, -3.25 }.Select(v => Math.Round(v, 1)));
        for (var i = -30000; i <= 40000; i += 7)
        {
            values.Add(Math.Round(i / 10.0 + 0.049 * Math.Sin(i), 1));
        }

        foreach (var v in values)
        {
            var sb = new StringBuilder();
            BoundaryTracer.AppendNumber(sb, v);
            Assert.Equal(v.ToString("0.#", CultureInfo.InvariantCulture), sb.ToString());
        }
    }
}
