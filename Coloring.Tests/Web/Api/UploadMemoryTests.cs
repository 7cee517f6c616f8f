using System.Net;
using Coloring.Domain.Data;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Xunit.Abstractions;

namespace Coloring.Tests.Web.Api;

/// <summary>Tests that measure the process's memory run alone, after every other test class: others would move it.</summary>
[CollectionDefinition(nameof(MeasuresProcessMemory), DisableParallelization = true)]
public sealed class MeasuresProcessMemory;

/// <summary>
/// Hostile uploads against the whole app: small files that decode to huge pictures. The app runs in this process,
/// so its resident memory is this process's.
/// </summary>
[Collection(nameof(MeasuresProcessMemory))]
public sealed class UploadMemoryTests(ITestOutputHelper output) : ApiTest(DatabaseProvider.Sqlite)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task SixFortyNineMegapixelPngsAtOnceRaiseResidentMemoryByUnder500MegabytesAndEveryOneIsStored()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        await UploadAsync(script); // the first upload's one-off costs (code, codecs) are not the burst's
        var png = TestImages.WhitePng(7000, 7000);
        Assert.True(png.Length < MiB, $"the PNG is {png.Length} bytes");
        var baseline = SettledResidentBytes();
        var peak = baseline;
        using var measuring = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!measuring.IsCancellationRequested)
            {
                peak = Math.Max(peak, ResidentBytes());
                await Task.Delay(10, CancellationToken.None);
            }
        });

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => script.PostAsync("/api/upload", PhotoForm(png, fileName: "white.png"))));
        await measuring.CancelAsync();
        await sampler;

        var grew = (Math.Max(peak, ResidentBytes()) - baseline) / MiB;
        output.WriteLine($"Resident memory: {baseline / MiB} MB before, {grew} MB more at the peak of six uploads at once.");
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(PhotoReader.StoredLongSide, (await JsonAsync(response)).GetProperty("width").GetInt32());
        }

        Assert.True(grew < 500, $"Resident memory grew by {grew} MB");
    }

    private static long SettledResidentBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return ResidentBytes();
    }

    /// <summary>VmRSS from /proc/self/status (the tests run on Linux, as the app does).</summary>
    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
