using System.Diagnostics;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Domain.Gemini;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Web.Jobs;

/// <summary>
/// The app as a real process, killed in the middle of a job and started again: the job must end either
/// made or refunded, never lost or charged twice. The image service is the fake Gemini (an edge the
/// world owns), so the test can hold a job in the middle for as long as it needs.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private readonly List<Process> _processes = [];
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private FakeGemini _gemini = null!;
    private Guid _userId;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _services = await _database.CreateServicesAsync(configure: s =>
        {
            s.AddSingleton<RecordingScheduler>();
            s.AddSingleton<IJobScheduler>(sp => sp.GetRequiredService<RecordingScheduler>());
        });
        _gemini = new FakeGemini();
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        await _gemini.DisposeAsync();
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task AJobCutOffByACrashIsFinishedAfterARestartAndChargedOnce()
    {
        var user = await _services.AddUserAsync();
        _userId = user.Id;
        var ledger = _services.GetRequiredService<CreditLedger>();
        await ledger.OpenAccountAsync(user.Id);
        var photo = await _services.GetRequiredService<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        var job = (await _services.GetRequiredService<PageStarts>().StartAsync(user.Id, photo.Id, new PageOptions(), generator: "gemini")).Job!;
        _gemini.Responder = _ => (200, FakeGemini.ImageAnswer(), TimeSpan.FromMinutes(10)); // hangs: the job stays in the middle

        var first = StartApp();
        await WaitForAsync(async () => _gemini.Requests.Count >= 1 && (await FindAsync(job.Id)).Status == JobStatus.Running, "the first instance to start the job");
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();
        Assert.Equal(JobStatus.Running, (await FindAsync(job.Id)).Status);

        _gemini.Responder = _ => (200, FakeGemini.ImageAnswer(), TimeSpan.Zero);
        StartApp();
        await WaitForAsync(async () => (await FindAsync(job.Id)).IsFinished, "the restarted instance to finish the job");

        var finished = await FindAsync(job.Id);
        Assert.Equal(JobStatus.Succeeded, finished.Status);
        Assert.Equal(2, finished.Attempts);
        Assert.Equal(2, await ledger.GetBalanceAsync(user.Id));
        Assert.Empty(await ledger.FindUnbalancedAccountsAsync());
    }

    private Process StartApp()
    {
        var web = Path.Combine(AppContext.BaseDirectory, "Coloring.Web.dll");
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet", [web])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["ConnectionStrings__Sqlite"] = _database.ConnectionString,
                ["ConnectionStrings__Postgres"] = "",
                ["Storage__Root"] = _database.StorageRoot,
                ["Generation__Gemini__ApiKey"] = "test-key",
                ["Generation__Gemini__Endpoint"] = _gemini.BaseUrl,
                ["Generation__Gemini__MaxRetries"] = "0",
                ["Generation__StaleAfter"] = "00:00:03",
                ["Generation__HeartbeatInterval"] = "00:00:01",
                ["Generation__RecoveryInterval"] = "00:00:01",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    private async Task<Job> FindAsync(Guid jobId) =>
        (await _services.GetRequiredService<JobService>().FindAsync(jobId, _userId))!;

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
