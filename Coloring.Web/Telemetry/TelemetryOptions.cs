namespace Coloring.Web.Telemetry;

/// <summary>Settings under <c>Telemetry</c>. OTLP export is switched on by the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serves <c>/metrics</c> for Prometheus. Off by default: the figures say how busy the site is.</summary>
    public bool PrometheusEnabled { get; set; }

    /// <summary>
    /// When set, <c>/metrics</c> answers only on this port (add it to <c>ASPNETCORE_URLS</c> and keep it off the
    /// proxy), so the public port never serves it.
    /// </summary>
    public int? PrometheusPort { get; set; }

    /// <summary>How often the queue gauges read the jobs table.</summary>
    public TimeSpan QueueReadInterval { get; set; } = TimeSpan.FromSeconds(15);
}
