using Coloring.Domain.Accounts;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Realtime;
using Coloring.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Admin;

/// <summary>Which jobs to list; every part is optional.</summary>
/// <param name="Status">Only jobs in this status.</param>
/// <param name="User">Part of the owner's e-mail.</param>
/// <param name="UserId">Only this user's jobs.</param>
/// <param name="From">Created at or after this moment.</param>
/// <param name="Until">Created before this moment.</param>
public sealed record JobFilter(JobStatus? Status = null, string? User = null, Guid? UserId = null, DateTimeOffset? From = null, DateTimeOffset? Until = null);

/// <summary>A job with its owner's e-mail.</summary>
public sealed record JobRow(Job Job, string OwnerEmail);

/// <summary>A page of jobs, newest first.</summary>
public sealed record JobRowPage(int Total, IReadOnlyList<JobRow> Jobs);

/// <summary>
/// Every user's jobs for the admin pages: filter, look at one, retry a failed one (without charging again),
/// cancel a queued one (with its refund). Each action checks the actor and writes its audit entry in the
/// same transaction as the change.
/// </summary>
public sealed class AdminJobs(
    IDbContextFactory<ColoringDbContext> dbFactory,
    JobService jobs,
    IJobScheduler scheduler,
    ILiveUpdates live,
    TimeProvider clock,
    ILogger<AdminJobs> logger)
{
    /// <summary>One page of jobs matching <paramref name="filter"/>, newest first.</summary>
    public async Task<JobRowPage> ListAsync(JobFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var paging = new Paging(page, pageSize);
        (page, pageSize) = (paging.Page, paging.PageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.Jobs.AsNoTracking().Join(db.Users, j => j.UserId, u => u.Id, (j, u) => new { Job = j, u.Email, u.NormalizedEmail });
        if (filter.Status is { } status)
        {
            rows = rows.Where(r => r.Job.Status == status);
        }

        if (filter.UserId is { } userId)
        {
            rows = rows.Where(r => r.Job.UserId == userId);
        }

        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var part = filter.User.Trim();
            part = EmailAddress.Normalize(part.Length > 256 ? part[..256] : part);
            rows = rows.Where(r => r.NormalizedEmail!.Contains(part));
        }

        if (filter.From is { } from)
        {
            rows = rows.Where(r => r.Job.CreatedAt >= from);
        }

        if (filter.Until is { } until)
        {
            rows = rows.Where(r => r.Job.CreatedAt < until);
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.Job.CreatedAt).ThenByDescending(r => r.Job.Id)
            .Skip(paging.Skip).Take(pageSize).ToListAsync(cancellationToken);
        return new JobRowPage(total, items.Select(r => new JobRow(r.Job, r.Email ?? "")).ToList());
    }

    /// <summary>Any user's job, or null.</summary>
    public async Task<JobRow?> FindAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Jobs.AsNoTracking().Where(j => j.Id == jobId)
            .Join(db.Users, j => j.UserId, u => u.Id, (j, u) => new { Job = j, u.Email })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new JobRow(row.Job, row.Email ?? "");
    }

    /// <summary>
    /// Queues a failed job again. The user is not charged a second time: the first debit was refunded when
    /// the job failed, and the refund's key (one per job) means a second failure refunds nothing more.
    /// </summary>
    public async Task<AdminResult> RetryAsync(Guid actorId, Guid jobId, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var actor = await AdminAccess.FindAdminAsync(db, actorId, clock, cancellationToken);
            var job = actor is null ? null : await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (actor is null || job is null)
            {
                return AdminResult.NotFound();
            }

            if (job.Status != JobStatus.Failed)
            {
                return AdminResult.Conflict("Only a failed job can be retried.");
            }

            var now = clock.GetUtcNow();
            var photoKept = job.OriginalAssetId is { } photoId && await db.Assets.AnyAsync(a => a.Id == photoId && a.Bucket == Bucket.Originals && a.ExpiresAt > now, cancellationToken);
            if (!photoKept)
            {
                return AdminResult.Conflict("The photo of this job is no longer stored, so it cannot be made again.");
            }

            var queued = await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Failed)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Queued)
                    .SetProperty(j => j.Stage, "queued")
                    .SetProperty(j => j.Progress, 0)
                    .SetProperty(j => j.Error, (string?)null)
                    .SetProperty(j => j.FinishedAt, (DateTimeOffset?)null), cancellationToken);
            if (queued == 0)
            {
                return AdminResult.Conflict("Only a failed job can be retried.");
            }

            var owner = await db.Users.Where(u => u.Id == job.UserId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
            AuditLog.Add(db, actor, "job.retry", now, job.UserId, $"job {job.Id}",
                details: $"{owner}: failed after {job.Attempts} attempt(s) with \"{job.Error}\"; queued again without a new charge");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        logger.LogInformation("Admin {ActorId} retried job {JobId}", actorId, jobId);
        await live.PublishAsync(LiveTopics.Job(jobId), new JobProgress(JobStatus.Queued, "queued", 0).ToJson());
        try
        {
            await scheduler.ScheduleAsync(jobId, TimeSpan.Zero, cancellationToken);
        }
        catch (Exception ex)
        {
            // Queued in the table, which is what counts: the recovery sweep schedules it within a minute.
            logger.LogWarning(ex, "Could not schedule retried job {JobId} now", jobId);
        }

        return AdminResult.Done();
    }

    /// <summary>Cancels a queued job and refunds its credit, with the audit entry in the same transaction.</summary>
    public async Task<AdminResult> CancelAsync(Guid actorId, Guid jobId, CancellationToken cancellationToken = default)
    {
        Guid owner;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var actor = await AdminAccess.FindAdminAsync(db, actorId, clock, cancellationToken);
            var job = actor is null ? null : await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (actor is null || job is null)
            {
                return AdminResult.NotFound();
            }

            var canceledFor = await jobs.CancelInTransactionAsync(db, jobId, null, cancellationToken);
            if (canceledFor is null)
            {
                return AdminResult.Conflict("Only a queued job can be canceled; this one has started or finished.");
            }

            owner = canceledFor.Value;
            var email = await db.Users.Where(u => u.Id == owner).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
            AuditLog.Add(db, actor, "job.cancel", clock.GetUtcNow(), owner, $"job {jobId}", details: $"{email}: canceled while queued; 1 credit refunded");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        logger.LogInformation("Admin {ActorId} canceled job {JobId}", actorId, jobId);
        await jobs.PublishCanceledAsync(jobId, owner, cancellationToken);
        return AdminResult.Done();
    }
}
