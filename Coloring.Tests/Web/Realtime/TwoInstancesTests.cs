using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Realtime;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Domain.Gemini;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Web.Realtime;

/// <summary>
/// Two app instances on one PostgreSQL database, one Redis and one file store, as in a several-machine
/// install: what happens on one is heard live on the other.
/// </summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private readonly AdjustableClock _clock = new();
    private readonly string _sharedFiles = Path.Combine(Path.GetTempPath(), $"coloring-shared-{Guid.NewGuid():N}");
    private TestDatabase _database = null!;
    private FakeGemini _gemini = null!;
    private ColoringAppFactory _first = null!;
    private ColoringAppFactory _second = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        _gemini = new FakeGemini { Responder = _ => (200, FakeGemini.ImageAnswer(), TimeSpan.FromSeconds(2)) };
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = Environment.GetEnvironmentVariable("COLORING_TEST_REDIS")
                ?? throw new InvalidOperationException("COLORING_TEST_REDIS is not set: run the tests with ./test.sh, which starts Redis."),
            ["Storage:Root"] = _sharedFiles,
            ["Generation:Gemini:ApiKey"] = "test-key",
            ["Generation:Gemini:Endpoint"] = _gemini.BaseUrl,
        };
        _first = new ColoringAppFactory(_database, null, _clock, settings: settings);
        _second = new ColoringAppFactory(_database, null, _clock, settings: settings);
        _ = _first.Services;
        _ = _second.Services;
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _gemini.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(_sharedFiles))
        {
            Directory.Delete(_sharedFiles, recursive: true);
        }
    }

    [Fact]
    public async Task AJobStartedOnOneInstanceIsFollowedLiveOnTheOther()
    {
        var user = await _first.Services.AddUserAsync();
        await _first.Services.GetRequiredService<CreditLedger>().OpenAccountAsync(user.Id);
        var photo = await _first.Services.GetRequiredService<PhotoUploads>().StoreAsync(user.Id, TestImages.Photo("sweets.png"));
        var balances = new List<string>();
        var progress = new List<JobProgress>();
        var done = new TaskCompletionSource();
        var live = _second.Services.GetRequiredService<ILiveUpdates>();
        using var balanceSubscription = live.Subscribe(LiveTopics.Balance(user.Id), m =>
        {
            lock (balances)
            {
                balances.Add(m);
            }

            return Task.CompletedTask;
        });

        var job = (await _first.Services.GetRequiredService<PageStarts>().StartAsync(user.Id, photo.Id, new PageOptions(), generator: "gemini")).Job!;
        using var jobSubscription = live.Subscribe(LiveTopics.Job(job.Id), m =>
        {
            var p = JobProgress.FromJson(m)!;
            lock (progress)
            {
                progress.Add(p);
            }

            if (p.Status == JobStatus.Succeeded)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        });

        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains(progress, p => p.Status == JobStatus.Running);
        await WaitAsync(() => Contains(balances, "2"));
        var onSecond = await _second.Services.GetRequiredService<JobService>().FindAsync(job.Id, user.Id);
        Assert.Equal(JobStatus.Succeeded, onSecond!.Status);
    }

    [Fact]
    public async Task ACreditGrantOnOneInstanceReachesAPageOnTheOther()
    {
        var user = await _first.Services.AddUserAsync();
        await _first.Services.GetRequiredService<CreditLedger>().OpenAccountAsync(user.Id);
        var heard = new List<string>();
        using var _ = _second.Services.GetRequiredService<ILiveUpdates>().Subscribe(LiveTopics.Balance(user.Id), m =>
        {
            lock (heard)
            {
                heard.Add(m);
            }

            return Task.CompletedTask;
        });

        await _first.Services.GetRequiredService<CreditLedger>().GrantAsync(user.Id, 5, CreditReason.AdminGrant, $"grant-{user.Id:N}", "admin", "thanks");

        // The sign-up grant's own message ("3") may still be on its way; the grant's is "8".
        await WaitAsync(() => Contains(heard, "8"));
    }

    private static bool Contains(List<string> messages, string value)
    {
        lock (messages)
        {
            return messages.Contains(value);
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition());
    }
}
