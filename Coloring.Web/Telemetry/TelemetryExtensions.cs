using System.Diagnostics;
using Coloring.Domain.Jobs;
using Coloring.Domain.Telemetry;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Coloring.Web.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// OpenTelemetry traces and metrics (ASP.NET Core, HttpClient, Npgsql, runtime and the product's own), a
    /// Prometheus endpoint when <c>Telemetry:PrometheusEnabled</c>, OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is set; the trace id in problem details and log scopes; JSON console logs in Production.
    /// </summary>
    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section)
            .Validate(o => o.PrometheusPort is null or > 0 and <= 65535, "Telemetry:PrometheusPort must be a port number (1-65535).")
            .Validate(o => o.QueueReadInterval >= TimeSpan.FromSeconds(1), "Telemetry:QueueReadInterval must be at least a second.")
            .ValidateOnStart();
        var prometheus = builder.Configuration.GetValue<bool>($"{TelemetryOptions.Section}:{nameof(TelemetryOptions.PrometheusEnabled)}");

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("coloring", serviceInstanceId: Environment.MachineName))
            .WithTracing(t => t.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(ColoringMetrics.MeterName);
                if (prometheus)
                {
                    m.AddPrometheusExporter();
                }
            });
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        services.AddSingleton<QueueStatus>();
        services.AddSingleton<AppGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<AppGauges>());
        services.AddScoped<CircuitHandler, CircuitCounter>();

        // One id to look a failure up by, in the answer, the logs and the trace.
        services.Configure<ProblemDetailsOptions>(o =>
        {
            var before = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                before?.Invoke(context);
                context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            };
        });
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (builder.Environment.IsProduction())
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
    }

    /// <summary><c>/metrics</c> when Prometheus is on (only on its own port when one is set); otherwise no such address.</summary>
    public static void UseTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (options.PrometheusEnabled)
        {
            var port = options.PrometheusPort;
            app.UseOpenTelemetryPrometheusScrapingEndpoint(http =>
                http.Request.Path == "/metrics" && (port is null || http.Connection.LocalPort == port));
        }
    }
}
