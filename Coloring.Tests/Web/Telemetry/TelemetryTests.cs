using System.Net;
using System.Net.Http.Json;
using Coloring.Domain.Data;
using Coloring.Tests.Engine;
using Coloring.Tests.Web.Api;

namespace Coloring.Tests.Web.Telemetry;

public sealed class MetricsOnSqliteTests() : MetricsTests(DatabaseProvider.Sqlite);

public sealed class MetricsOnPostgresTests() : MetricsTests(DatabaseProvider.Postgres);

/// <summary><c>/metrics</c> with Prometheus switched on: the product's own figures next to the framework's.</summary>
public abstract class MetricsTests(DatabaseProvider provider) : ApiTest(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Telemetry:PrometheusEnabled"] = "true",
        ["Telemetry:QueueReadInterval"] = "00:00:01",
    };

    [Fact]
    public async Task AfterAPageIsMadeItsFiguresAreOnTheMetricsPage()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        var photo = await UploadAsync(script);
        var started = await script.PostAsJsonAsync("/api/jobs", new { assetId = photo, preset = "kids" });
        var job = await PollUntilFinishedAsync(script, (await JsonAsync(started)).GetProperty("jobId").GetGuid());
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await script.PostAsync("/api/upload", PhotoForm([]))).StatusCode);

        var metrics = await ScrapeUntilAsync("coloring_jobs_queued");

        foreach (var expected in new[]
        {
            "coloring_pages_made_total",
            "coloring_page_stage_duration_seconds_bucket{otel_scope_name=\"Coloring\",stage=\"queued\"",
            "stage=\"store\"",
            "coloring_credits_spent_total",
            "coloring_credits_granted_total",
            "coloring_uploads_refused_total{otel_scope_name=\"Coloring\",reason=\"empty\"}",
            "coloring_jobs_queued",
            "coloring_jobs_oldest_queued_age_seconds",
            "http_server_request_duration_seconds_bucket",
            "dotnet_gc_",
        })
        {
            Assert.True(metrics.Contains(expected, StringComparison.Ordinal), $"/metrics lacks {expected}:\n{metrics}");
        }

        Assert.Matches(@"coloring_pages_made_total\{[^}]*\} [1-9]", metrics);
    }

    private async Task<string> ScrapeUntilAsync(string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await Anonymous().GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            if (text.Contains(name, StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(250);
        }
    }
}

/// <summary>Metrics are off unless asked for, and answer only on their own port when one is set.</summary>
public sealed class MetricsSwitchTests() : ApiTest(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task WithoutTheSettingThereIsNoMetricsPage()
    {
        var response = await Anonymous().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("coloring_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithItsOwnPortTheMetricsPageIsNotServedOnTheSitesPort()
    {
        using var app = new Support.ColoringAppFactory(Database, Mail, Clock, settings: new Dictionary<string, string?>
        {
            ["Telemetry:PrometheusEnabled"] = "true",
            ["Telemetry:PrometheusPort"] = "9464",
        });

        var response = await app.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class TraceIdsOnSqliteTests() : TraceIdTests(DatabaseProvider.Sqlite);

public sealed class TraceIdsOnPostgresTests() : TraceIdTests(DatabaseProvider.Postgres);

/// <summary>An error answer names the trace it belongs to, so an operator can find it in the logs and traces.</summary>
public abstract class TraceIdTests(DatabaseProvider provider) : ApiTest(provider)
{
    [Fact]
    public async Task AProblemAnswerCarriesTheTraceIdOfTheRequest()
    {
        var (script, _, _) = await ScriptAsync("ann@example.com");
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{Guid.NewGuid()}");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        var response = await script.SendAsync(request);

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(traceId, problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task WithoutAnIncomingTraceTheAnswerNamesANewOne()
    {
        var response = await Anonymous().PostAsync("/api/upload", PhotoForm(TestImages.Photo("sweets.png")));

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
        Assert.NotEqual(new string('0', 32), problem.GetProperty("traceId").GetString());
    }
}
