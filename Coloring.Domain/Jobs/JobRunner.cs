using System.Text.Json;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Flags;
using Coloring.Domain.Realtime;
using Coloring.Domain.Storage;
using Coloring.Domain.Telemetry;
using Coloring.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coloring.Domain.Jobs;

/// <summary>
/// Makes one job's page: claims it (Queued to Running, once), keeps a heartbeat, runs the generator with
/// progress, stores the PNG, SVG and preview, and finishes it. A failure refunds the credit exactly once;
/// a transient failure is retried while attempts remain.
/// </summary>
public sealed class JobRunner(
    IDbContextFactory<ColoringDbContext> dbFactory,
    PageGenerators generators,
    FeatureFlags flags,
    AssetStore assets,
    CreditLedger ledger,
    IJobScheduler scheduler,
    ILiveUpdates live,
    TimeProvider clock,
    IOptions<JobOptions> options,
    ILogger<JobRunner> logger) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.MaxConcurrency));

    /// <summary>Runs the job if it is queued; returns its status afterwards (null when there is no such job).</summary>
    public async Task<JobStatus?> RunAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        var slot = new Slot(_slots);
        try
        {
            return await RunClaimedAsync(jobId, slot, cancellationToken);
        }
        finally
        {
            slot.Release();
        }
    }

    private async Task<JobStatus?> RunClaimedAsync(Guid jobId, Slot slot, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Job? job;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var claimed = await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Running)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.HeartbeatAt, now)
                    .SetProperty(j => j.Stage, "decode")
                    .SetProperty(j => j.Progress, 0), cancellationToken);
            job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (claimed == 0 || job is null)
            {
                return job?.Status; // someone else has it, or it is finished
            }
        }

        ColoringMetrics.StageTook("queued", now - job.CreatedAt);
        await PublishAsync(job.Id, new JobProgress(JobStatus.Running, "decode", 0));
        await live.PublishAsync(LiveTopics.Queue, job.Id.ToString("N")); // every job queued behind it moves up one
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var beating = BeatAsync(job.Id, heartbeat.Token);
        try
        {
            var page = await GenerateAsync(job, cancellationToken);
            // The slots bound the image work, which is what the cores are for. Storing the PNG, SVG and preview and
            // finishing the row only wait on the store and the database, so the next page's drawing starts now
            // instead of after them (measured in docs/scale.md; Quartz's pool, slots + 2, bounds the pages held).
            slot.Release();
            await SucceedAsync(job, page, cancellationToken);
            return JobStatus.Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The app is stopping: give the job back so it runs again (here after a restart, or on another instance).
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.Jobs.Where(j => j.Id == job.Id && j.Status == JobStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Queued).SetProperty(j => j.Stage, "queued"), CancellationToken.None);
            throw;
        }
        catch (Exception ex) when (IsTransient(ex) && job.Attempts < options.Value.MaxAttempts)
        {
            logger.LogWarning(ex, "Job {JobId} failed on attempt {Attempt}; retrying", job.Id, job.Attempts);
            await RequeueAsync(job.Id, CancellationToken.None);
            return JobStatus.Queued;
        }
        catch (Exception ex)
        {
            var reason = ex is PhotoRejectedException rejected ? rejected.Message : FailureMessage(ex);
            logger.LogError(ex, "Job {JobId} failed: {Reason}", job.Id, reason);
            await FailAsync(job.Id, job.UserId, reason, CancellationToken.None);
            return JobStatus.Failed;
        }
        finally
        {
            await heartbeat.CancelAsync();
            await beating;
        }
    }

    /// <summary>
    /// Marks a running job failed and refunds its credit, once, whoever calls it. Both happen in one transaction:
    /// a crash between them would otherwise leave a failed job without its refund, which no sweep looks for.
    /// </summary>
    public async Task<bool> FailAsync(Guid jobId, Guid userId, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var failed = await db.Jobs.Where(j => j.Id == jobId && (j.Status == JobStatus.Running || j.Status == JobStatus.Queued))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Failed)
                    .SetProperty(j => j.Error, reason)
                    .SetProperty(j => j.Stage, "failed")
                    .SetProperty(j => j.FinishedAt, now), cancellationToken);
            if (failed == 0)
            {
                return false;
            }

            await ledger.RefundForPageAsync(db, userId, jobId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        ColoringMetrics.PageFailed();
        await ledger.PublishBalanceAsync(userId, cancellationToken);
        await PublishAsync(jobId, new JobProgress(JobStatus.Failed, "failed", 0, reason));
        return true;
    }

    /// <summary>Puts a running job back in the queue and schedules it after the retry pause.</summary>
    public async Task RequeueAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Queued).SetProperty(j => j.Stage, "queued").SetProperty(j => j.Progress, 0), cancellationToken);
        }

        await PublishAsync(jobId, new JobProgress(JobStatus.Queued, "queued", 0));
        await scheduler.ScheduleAsync(jobId, options.Value.RetryDelay, cancellationToken);
    }

    private async Task<ColoringPage> GenerateAsync(Job job, CancellationToken cancellationToken)
    {
        var original = job.OriginalAssetId is { } id ? await assets.FindAsync(id, job.UserId, cancellationToken) : null;
        var photo = original is null ? null : await assets.ReadAllAsync(original, cancellationToken);
        if (photo is null)
        {
            throw new PhotoRejectedException(PhotoProblem.Corrupt, "The photo for this page is no longer stored. Please upload it again.");
        }

        var generator = generators.ForJob(job.Generator, await flags.GetAsync(cancellationToken));
        var progress = new ThrottledProgress(this, job.Id, clock);
        var page = await generator.GenerateAsync(photo, job.Options, progress, cancellationToken);
        await progress.FlushAsync();
        return page;
    }

    private async Task SucceedAsync(Job job, ColoringPage page, CancellationToken cancellationToken)
    {
        var storing = clock.GetTimestamp();
        var png = await assets.SaveAsync(job.UserId, Bucket.Artifacts, page.Png, "image/png", "png", page.Width, page.Height, cancellationToken);
        var svg = await assets.SaveAsync(job.UserId, Bucket.Artifacts, System.Text.Encoding.UTF8.GetBytes(page.Svg), "image/svg+xml", "svg", page.Width, page.Height, cancellationToken);
        var preview = await assets.SaveAsync(job.UserId, Bucket.Previews, page.PreviewPng, "image/png", "png", cancellationToken: cancellationToken);
        var now = clock.GetUtcNow();
        var metrics = JsonSerializer.Serialize(page.Metrics);
        bool deleteOriginal;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var finished = await db.Jobs.Where(j => j.Id == job.Id && j.Status == JobStatus.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Succeeded)
                    .SetProperty(j => j.Stage, "done")
                    .SetProperty(j => j.Progress, 100)
                    .SetProperty(j => j.PageAssetId, png.Id)
                    .SetProperty(j => j.SvgAssetId, svg.Id)
                    .SetProperty(j => j.PreviewAssetId, preview.Id)
                    .SetProperty(j => j.MetricsJson, metrics)
                    .SetProperty(j => j.FinishedAt, now), cancellationToken);
            if (finished == 0)
            {
                // Failed or re-queued by the recovery sweep meanwhile: its outcome stands, our files go.
                await assets.DeleteAsync([png.Id, svg.Id, preview.Id], cancellationToken);
                return;
            }

            // With the setting on, the photo goes once its last waiting version is made, not under a queued one.
            deleteOriginal = await db.Users.Where(u => u.Id == job.UserId).Select(u => u.DeletePhotosAfterSuccess).FirstOrDefaultAsync(cancellationToken)
                && !await db.Jobs.AnyAsync(j => j.OriginalAssetId == job.OriginalAssetId && j.Id != job.Id && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running), cancellationToken);
        }

        if (deleteOriginal && job.OriginalAssetId is { } original)
        {
            await assets.DeleteAsync([original], cancellationToken);
        }

        ColoringMetrics.StageTook("store", clock.GetElapsedTime(storing));
        ColoringMetrics.PageMade();
        await PublishAsync(job.Id, new JobProgress(JobStatus.Succeeded, "done", 100));
    }

    private async Task BeatAsync(Guid jobId, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = clock.GetUtcNow();
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Heartbeat for job {JobId} stopped", jobId);
        }
    }

    private async Task SaveProgressAsync(Guid jobId, GenerationProgress value)
    {
        try
        {
            var percent = Math.Clamp(value.Percent, 0, 99); // 100 means stored, which only SucceedAsync says
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Stage, value.Stage).SetProperty(j => j.Progress, percent));
            }

            await PublishAsync(jobId, new JobProgress(JobStatus.Running, value.Stage, percent));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Progress for job {JobId} was not saved", jobId);
        }
    }

    private Task PublishAsync(Guid jobId, JobProgress progress) => live.PublishAsync(LiveTopics.Job(jobId), progress.ToJson());

    private static bool IsTransient(Exception ex) =>
        ex is HttpRequestException or TimeoutException or IOException or System.Data.Common.DbException
        || (ex is TaskCanceledException && ex.InnerException is TimeoutException);

    private static string FailureMessage(Exception ex) => ex switch
    {
        HttpRequestException or TimeoutException or TaskCanceledException => "The image service did not answer in time. Your credit was refunded; please try again.",
        _ => "Something went wrong while making this page. Your credit was refunded; please try again.",
    };

    public void Dispose() => _slots.Dispose();

    /// <summary>A generation slot, given back once: after the drawing, or when the run ends some other way.</summary>
    private sealed class Slot(SemaphoreSlim slots)
    {
        private int _held = 1;

        public void Release()
        {
            if (Interlocked.Exchange(ref _held, 0) == 1)
            {
                slots.Release();
            }
        }
    }

    /// <summary>Passes every stage change on at once, and percentages at most every few points, to the page and the job row.</summary>
    private sealed class ThrottledProgress(JobRunner runner, Guid jobId, TimeProvider clock) : IProgress<GenerationProgress>
    {
        private readonly object _gate = new();
        private GenerationProgress? _last;
        private Task _pending = Task.CompletedTask;
        private string _stage = "decode";
        private long _stageStarted = clock.GetTimestamp();

        public void Report(GenerationProgress value)
        {
            lock (_gate)
            {
                if (value.Stage != _stage)
                {
                    ColoringMetrics.StageTook(_stage, clock.GetElapsedTime(_stageStarted));
                    (_stage, _stageStarted) = (value.Stage, clock.GetTimestamp());
                }

                if (_last is not null && _last.Stage == value.Stage && value.Percent - _last.Percent < 5 && value.Percent < 100)
                {
                    return;
                }

                _last = value;
                _pending = _pending.ContinueWith(_ => SaveAsync(value), TaskScheduler.Default).Unwrap();
            }
        }

        /// <summary>Waits for the saves under way; the stage under way has ended.</summary>
        public Task FlushAsync()
        {
            lock (_gate)
            {
                ColoringMetrics.StageTook(_stage, clock.GetElapsedTime(_stageStarted));
                _stageStarted = clock.GetTimestamp();
                return _pending;
            }
        }

        private Task SaveAsync(GenerationProgress value) => runner.SaveProgressAsync(jobId, value);
    }
}
