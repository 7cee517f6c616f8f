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

/// <summary>
/// Every user's jobs for the admin pages: filter, look at one, retry a failed one (without charging again),
/// cancel a queued one (with its refund). Each action runs through <see cref="AdminActions"/>.
/// </summary>
public sealed class AdminJobs(
    IDbContextFactory<ColoringDbContext> dbFactory,
    AdminActions actions,
    JobService jobs,
    IJobScheduler scheduler,
    ILiveUpdates live,
    ILogger<AdminJobs> logger)
{
    /// <summary>One page of jobs matching <paramref name="filter"/>, newest first.</summary>
    public async Task<Slice<JobRow>> ListAsync(JobFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
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

        var slice = await rows.OrderByDescending(r => r.Job.CreatedAt).ThenByDescending(r => r.Job.Id).SliceAsync(new Paging(page, pageSize), cancellationToken);
        return slice.Select(r => new JobRow(r.Job, r.Email ?? ""));
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
    public Task<AdminResult> RetryAsync(Guid actorId, Guid jobId, CancellationToken cancellationToken = default) =>
        actions.RunAsync(actorId, async (admin, ct) =>
        {
            var db = admin.Db;
            var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
            if (job is null)
            {
                return AdminResult.NotFound();
            }

            if (job.Status != JobStatus.Failed)
            {
                return AdminResult.Conflict("Only a failed job can be retried.");
            }

            var photoKept = job.OriginalAssetId is { } photoId && await db.Assets.AnyAsync(a => a.Id == photoId && a.Bucket == Bucket.Originals && a.ExpiresAt > admin.Now, ct);
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
                    .SetProperty(j => j.FinishedAt, (DateTimeOffset?)null), ct);
            if (queued == 0)
            {
                return AdminResult.Conflict("Only a failed job can be retried.");
            }

            var owner = await db.Users.Where(u => u.Id == job.UserId).Select(u => u.Email).FirstOrDefaultAsync(ct);
            return AdminChange.Made(
                new AuditNote("job.retry", job.UserId, $"job {job.Id}",
                    Details: $"{owner}: failed after {job.Attempts} attempt(s) with \"{job.Error}\"; queued again without a new charge"),
                afterCommit: after => ScheduleAgainAsync(jobId, after));
        }, cancellationToken: cancellationToken);

    /// <summary>Cancels a queued job and refunds its credit, with the audit entry in the same transaction.</summary>
    public Task<AdminResult> CancelAsync(Guid actorId, Guid jobId, CancellationToken cancellationToken = default) =>
        actions.RunAsync(actorId, async (admin, ct) =>
        {
            var db = admin.Db;
            if (!await db.Jobs.AnyAsync(j => j.Id == jobId, ct))
            {
                return AdminResult.NotFound();
            }

            if (await jobs.CancelInTransactionAsync(db, jobId, null, ct) is not { } owner)
            {
                return AdminResult.Conflict("Only a queued job can be canceled; this one has started or finished.");
            }

            var email = await db.Users.Where(u => u.Id == owner).Select(u => u.Email).FirstOrDefaultAsync(ct);
            return AdminChange.Made(new AuditNote("job.cancel", owner, $"job {jobId}", Details: $"{email}: canceled while queued; 1 credit refunded"),
                afterCommit: after => jobs.PublishCanceledAsync(jobId, owner, after));
        }, cancellationToken: cancellationToken);

    private async Task ScheduleAgainAsync(Guid jobId, CancellationToken cancellationToken)
    {
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
    }
}
