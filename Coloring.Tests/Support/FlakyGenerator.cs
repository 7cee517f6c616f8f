using Coloring.Engine;

namespace Coloring.Tests.Support;

/// <summary>
/// An outside image service that fails the way networks do (the edge Gemini sits at): it throws
/// <see cref="HttpRequestException"/> for its first <see cref="Failures"/> calls, then hands the work
/// to the real local engine.
/// </summary>
public sealed class FlakyGenerator(LocalPageGenerator local) : IPageGenerator
{
    public string Name => "flaky";

    public int Failures { get; set; } = int.MaxValue;

    public int Calls { get; private set; }

    public Task<ColoringPage> GenerateAsync(ReadOnlyMemory<byte> photo, PageOptions options, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        Calls++;
        return Calls <= Failures
            ? throw new HttpRequestException("The image service is unavailable (503).")
            : local.GenerateAsync(photo, options, progress, cancellationToken);
    }
}
