using System.Runtime.CompilerServices;

// The CLI's hidden "debug" verb writes intermediate stages through PagePipeline.DebugSink.
[assembly: InternalsVisibleTo("Coloring.Cli")]
