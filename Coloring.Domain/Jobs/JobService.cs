using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Flags;
using Coloring.Domain.Imaging;
using Coloring.Domain.Realtime;
using Coloring.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Jobs;

public enum CreateJobOutcome
{
    Created,
    InsufficientCredits,
    PhotoNotFound,
    InvalidOptions,

    /// <summary>An admin turned generation off; the message is theirs.</summary>
    GenerationPaused,
}

public sealed record CreateJobResult(CreateJobOutcome Outcome, Job? Job = null, string? Message = null);

/// <summary>
/// Starts, finds, cancels and deletes a user's jobs. Every query is scoped to the user: another
/// user's job is simply not found.
/// </summary>
public sealed class JobService(
    IDbContextFactory<ColoringDbContext> dbFactory,
    CreditLedger ledger,
    AssetStore assets,
    IJobScheduler scheduler,
    ILiveUpdates live,
    FeatureFlags flags,
    TimeProvider clock,
    ILogger<JobService> logger)
{
    /// <summary>What one page costs.</summary>
    public const int PageCost = 1;

    /// <summary>Line weights a person may ask for, in points.</summary>
    public const double MinLinePt = 0.5, MaxLinePt = 12;

    /// <summary>
    /// Debits one credit and queues the job in one transaction (the debit's key is the job id), then asks
    /// the executor to run it. Without a credit, or while an admin has generation turned off, nothing is written.
    /// </summary>
    public async Task<CreateJobResult> CreateAsync(Guid userId, Guid photoAssetId, PageOptions pageOptions, string generator = "local", CancellationToken cancellationToken = default)
    {
        var flagsNow = await flags.GetAsync(cancellationToken);
        if (!flagsNow.GenerationEnabled)
        {
            return new CreateJobResult(CreateJobOutcome.GenerationPaused, Message: flagsNow.GenerationPausedMessage);
        }

        if (pageOptions.LinePt is { } pt && (double.IsNaN(pt) || pt < MinLinePt || pt > MaxLinePt))
        {
            return new CreateJobResult(CreateJobOutcome.InvalidOptions, Message: $"Line weight must be between {MinLinePt} and {MaxLinePt} points.");
        }

        if (!Enum.IsDefined(pageOptions.Preset) || !Enum.IsDefined(pageOptions.Paper))
        {
            return new CreateJobResult(CreateJobOutcome.InvalidOptions, Message: "Unknown preset or paper.");
        }

        var photo = await assets.FindAsync(photoAssetId, userId, cancellationToken);
        if (photo is null || photo.Bucket != Bucket.Originals)
        {
            return new CreateJobResult(CreateJobOutcome.PhotoNotFound, Message: "That photo is not available any more. Please upload it again.");
        }

        var now = clock.GetUtcNow();
        var job = new Job
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Status = JobStatus.Queued,
            Preset = pageOptions.Preset,
            Paper = pageOptions.Paper,
            LinePt = pageOptions.LinePt,
            Generator = generator,
            OriginalAssetId = photo.Id,
            Stage = "queued",
            CreatedAt = now,
        };

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Jobs.Add(job);
            await db.SaveChangesAsync(cancellationToken);
            var debit = await ledger.ChangeInTransactionAsync(db, userId, -PageCost, CreditReason.JobDebit, DebitKey(job.Id), CreditLedger.SystemActor, job.Id, null, cancellationToken);
            if (debit != LedgerResult.Applied)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new CreateJobResult(CreateJobOutcome.InsufficientCredits, Message: "You have no credits left. Each page costs 1 credit.");
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await ledger.PublishBalanceAsync(userId, cancellationToken);
        try
        {
            await scheduler.ScheduleAsync(job.Id, TimeSpan.Zero, cancellationToken);
        }
        catch (Exception ex)
        {
            // The job is safely queued; the recovery sweep schedules it within a minute.
            logger.LogWarning(ex, "Could not schedule job {JobId} now", job.Id);
        }

        return new CreateJobResult(CreateJobOutcome.Created, job);
    }

    /// <summary>The user's job, or null (also when it belongs to someone else).</summary>
    public async Task<Job?> FindAsync(Guid jobId, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.UserId == userId, cancellationToken);
    }

    /// <summary>One slice of the user's jobs, newest first.</summary>
    public async Task<Slice<Job>> ListAsync(Guid userId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Where(j => j.UserId == userId)
            .OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).SliceAsync(new Paging(page, pageSize), cancellationToken);
    }

    /// <summary>1 for the next job to run, counting every user's queued jobs; 0 when the job is not queued.</summary>
    public async Task<int> QueuePositionAsync(Job job, CancellationToken cancellationToken = default)
    {
        if (job.Status != JobStatus.Queued)
        {
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return 1 + await db.Jobs.CountAsync(j => j.Status == JobStatus.Queued && j.CreatedAt < job.CreatedAt, cancellationToken);
    }

    /// <summary>Cancels a queued job and gives its credit back; false when it is no longer queued.</summary>
    public async Task<bool> CancelAsync(Guid jobId, Guid? userId, CancellationToken cancellationToken = default)
    {
        Guid? owner;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            owner = await CancelInTransactionAsync(db, jobId, userId, cancellationToken);
            if (owner is null)
            {
                return false;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await PublishCanceledAsync(jobId, owner.Value, cancellationToken);
        return true;
    }

    /// <summary>
    /// <see cref="CancelAsync"/>'s changes (status and refund) inside a transaction the caller opened, for a
    /// cancel that must commit together with other rows (an admin's audit entry). Returns the owner, or null
    /// when the job is not queued (or not the user's). The caller commits, then calls <see cref="PublishCanceledAsync"/>.
    /// </summary>
    public async Task<Guid?> CancelInTransactionAsync(ColoringDbContext db, Guid jobId, Guid? userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var canceled = await db.Jobs
            .Where(j => j.Id == jobId && j.Status == JobStatus.Queued && (userId == null || j.UserId == userId))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Canceled).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.Stage, "canceled"), cancellationToken);
        if (canceled == 0)
        {
            return null;
        }

        var owner = await db.Jobs.Where(j => j.Id == jobId).Select(j => j.UserId).SingleAsync(cancellationToken);
        await ledger.ChangeInTransactionAsync(db, owner, PageCost, CreditReason.JobRefund, RefundKey(jobId), CreditLedger.SystemActor, jobId, null, cancellationToken);
        return owner;
    }

    /// <summary>Tells the owner's open pages that the job was canceled and the credit came back.</summary>
    public async Task PublishCanceledAsync(Guid jobId, Guid owner, CancellationToken cancellationToken = default)
    {
        await ledger.PublishBalanceAsync(owner, cancellationToken);
        await live.PublishAsync(LiveTopics.Job(jobId), new JobProgress(JobStatus.Canceled, "canceled", 0).ToJson());
    }

    public enum DeleteOutcome
    {
        Deleted,
        NotFound,
        StillRunning,
    }

    /// <summary>
    /// Deletes a finished job with its pages, and its photo unless another version of the page still uses it.
    /// A queued job is canceled (and refunded) first.
    /// </summary>
    public async Task<DeleteOutcome> DeleteAsync(Guid jobId, Guid userId, CancellationToken cancellationToken = default)
    {
        var job = await FindAsync(jobId, userId, cancellationToken);
        if (job is null)
        {
            return DeleteOutcome.NotFound;
        }

        if (job.Status == JobStatus.Queued && !await CancelAsync(jobId, userId, cancellationToken))
        {
            return DeleteOutcome.StillRunning;
        }

        if (job.Status == JobStatus.Running)
        {
            return DeleteOutcome.StillRunning;
        }

        bool photoStillUsed;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var deleted = await db.Jobs.Where(j => j.Id == jobId && j.UserId == userId && j.Status != JobStatus.Running && j.Status != JobStatus.Queued)
                .ExecuteDeleteAsync(cancellationToken);
            if (deleted == 0)
            {
                return DeleteOutcome.StillRunning;
            }

            // Versions made with "Make another version" share the photo: it goes with the last of them.
            photoStillUsed = job.OriginalAssetId is { } original && await db.Jobs.AnyAsync(j => j.OriginalAssetId == original, cancellationToken);
        }

        var photo = photoStillUsed ? null : job.OriginalAssetId;
        await assets.DeleteAsync(new[] { photo, job.PageAssetId, job.SvgAssetId, job.PreviewAssetId }.OfType<Guid>(), cancellationToken);
        return DeleteOutcome.Deleted;
    }

    internal static string DebitKey(Guid jobId) => $"job:{jobId:N}";

    internal static string RefundKey(Guid jobId) => $"refund:{jobId:N}";
}
