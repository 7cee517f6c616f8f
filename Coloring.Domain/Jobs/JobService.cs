using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Flags;
using Coloring.Domain.Realtime;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Jobs;

/// <summary>
/// Finds, cancels and deletes a user's jobs (<see cref="PageStarts"/> starts them). Every query is scoped to the user: another
/// user's job is simply not found.
/// </summary>
public sealed class JobService(
    IDbContextFactory<ColoringDbContext> dbFactory,
    CreditLedger ledger,
    AssetStore assets,
    ILiveUpdates live,
    TimeProvider clock)
{
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
        await ledger.RefundForPageAsync(db, owner, jobId, cancellationToken);
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
        await assets.DeleteAsync(new[] { photo, job.PageAssetId, job.SvgAssetId, job.PreviewAssetId, job.UneditedPageAssetId, job.UneditedSvgAssetId, job.UneditedPreviewAssetId }.OfType<Guid>(), cancellationToken);
        return DeleteOutcome.Deleted;
    }
}
