using System.Runtime.CompilerServices;

// The CLI's hidden "debug" verb writes intermediate stages through PagePipeline.DebugSink.
[assembly: InternalsVisibleTo("Coloring.Cli")]

// Unit tests of the engine's steps (smoothing, saliency, tracing, PNG packing).
[assembly: InternalsVisibleTo("Coloring.Tests")]
