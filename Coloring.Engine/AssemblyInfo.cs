using System.Runtime.CompilerServices;

// The CLI's tuning verbs: "debug" writes intermediate stages through an IPageTrace, "likeness" and "prof" time and
// score the engine's steps.
[assembly: InternalsVisibleTo("Coloring.Cli")]

// Unit tests of the engine's steps (smoothing, saliency, tracing, PNG packing).
[assembly: InternalsVisibleTo("Coloring.Tests")]
