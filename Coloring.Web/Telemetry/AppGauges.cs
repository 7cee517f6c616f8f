using System.Diagnostics.Metrics;
using Coloring.Domain.Jobs;
using Coloring.Domain.Telemetry;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace Coloring.Web.Telemetry;

/// <summary>
/// The gauges of this app: the queue (read from the jobs table in the background, so a scrape never waits for
/// the database) and the Blazor circuits open on this instance.
/// </summary>
public sealed class AppGauges : BackgroundService
{
    private readonly QueueStatus _queue;
    private readonly IOptions<TelemetryOptions> _options;
    private readonly ILogger<AppGauges> _logger;
    private readonly TimeProvider _clock;
    private readonly UpDownCounter<long> _circuits;
    private QueueReading _lastReading = new(0, TimeSpan.Zero);

    public AppGauges(IMeterFactory meters, QueueStatus queue, IOptions<TelemetryOptions> options, ILogger<AppGauges> logger, TimeProvider clock)
    {
        _clock = clock;
        _queue = queue;
        _options = options;
        _logger = logger;
        var meter = meters.Create(ColoringMetrics.MeterName);
        meter.CreateObservableGauge("coloring.jobs.queued", () => (long)_lastReading.Depth, "{job}", "Jobs waiting to run, across all instances.");
        meter.CreateObservableGauge("coloring.jobs.oldest_queued_age", () => _lastReading.OldestAge.TotalSeconds, "s", "How long the oldest queued job has waited.");
        _circuits = meter.CreateUpDownCounter<long>("coloring.circuits.open", "{circuit}", "Blazor circuits open on this instance.");
    }

    internal void CircuitOpened() => _circuits.Add(1);

    internal void CircuitClosed() => _circuits.Add(-1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.QueueReadInterval, _clock);
        try
        {
            do
            {
                try
                {
                    _lastReading = await _queue.ReadAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    _logger.LogWarning(ex, "Could not read the job queue for its gauges");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>Counts this circuit in <see cref="AppGauges"/> while it is open.</summary>
internal sealed class CircuitCounter(AppGauges gauges) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        gauges.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        gauges.CircuitClosed();
        return Task.CompletedTask;
    }
}
