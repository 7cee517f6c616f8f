using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Admin;

/// <summary>Credits given and used on one day (UTC).</summary>
/// <param name="Granted">Credits given: sign-up, admin grants and purchases (admin removals not subtracted).</param>
/// <param name="Spent">Credits used on pages, less the refunds of that day.</param>
public sealed record DailyCredits(DateOnly Day, int Granted, int Spent);

/// <summary>Files and bytes in one bucket.</summary>
public sealed record BucketUsage(Bucket Bucket, int Files, long Bytes);

/// <summary>The dashboard's figures at one moment.</summary>
/// <param name="JobsToday">Jobs created today (UTC), by status; every status is present.</param>
/// <param name="FailureRate">Failed out of finished (succeeded or failed) in the last 7 days; null without any.</param>
/// <param name="MedianGenerationTime">From start to page for pages made in the last 7 days; null without any.</param>
/// <param name="CreditsByDay">The last 30 days, oldest first, every day present.</param>
public sealed record DashboardFigures(
    int UsersTotal,
    int UsersNewThisWeek,
    IReadOnlyDictionary<JobStatus, int> JobsToday,
    int QueueDepth,
    double? FailureRate,
    int FinishedThisWeek,
    TimeSpan? MedianGenerationTime,
    IReadOnlyList<DailyCredits> CreditsByDay,
    IReadOnlyList<BucketUsage> Storage);

/// <summary>The figures on the admin dashboard, read straight from the tables.</summary>
public sealed class AdminDashboard(IDbContextFactory<ColoringDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How many days the credits chart covers.</summary>
    public const int ChartDays = 30;

    public async Task<DashboardFigures> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var weekAgo = now.AddDays(-7);
        var chartStart = today.AddDays(-(ChartDays - 1));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var usersTotal = await db.Users.CountAsync(cancellationToken);
        var usersNew = await db.Users.CountAsync(u => u.CreatedAt >= weekAgo, cancellationToken);

        var todayCounts = await db.Jobs.Where(j => j.CreatedAt >= today).GroupBy(j => j.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var jobsToday = Enum.GetValues<JobStatus>().ToDictionary(s => s, s => todayCounts.FirstOrDefault(c => c.Status == s)?.Count ?? 0);
        var queueDepth = await db.Jobs.CountAsync(j => j.Status == JobStatus.Queued, cancellationToken);

        var finished = await db.Jobs.AsNoTracking()
            .Where(j => j.FinishedAt >= weekAgo && (j.Status == JobStatus.Succeeded || j.Status == JobStatus.Failed))
            .Select(j => new { j.Status, j.StartedAt, j.FinishedAt })
            .ToListAsync(cancellationToken);
        double? failureRate = finished.Count == 0 ? null : finished.Count(j => j.Status == JobStatus.Failed) / (double)finished.Count;
        var durations = finished.Where(j => j.Status == JobStatus.Succeeded && j.StartedAt is not null && j.FinishedAt >= j.StartedAt)
            .Select(j => j.FinishedAt!.Value - j.StartedAt!.Value).Order().ToList();
        TimeSpan? median = durations.Count == 0 ? null
            : durations.Count % 2 == 1 ? durations[durations.Count / 2]
            : (durations[durations.Count / 2 - 1] + durations[durations.Count / 2]) / 2;

        // Three small columns per event for 30 days, grouped here: day arithmetic on DateTimeOffset differs per provider.
        var events = await db.CreditEvents.AsNoTracking().Where(e => e.CreatedAt >= chartStart)
            .Select(e => new { e.CreatedAt, e.Delta, e.Reason }).ToListAsync(cancellationToken);
        var byDay = events.GroupBy(e => DateOnly.FromDateTime(e.CreatedAt.UtcDateTime)).ToDictionary(g => g.Key, g => g.ToList());
        var credits = Enumerable.Range(0, ChartDays).Select(i =>
        {
            var day = DateOnly.FromDateTime(chartStart.AddDays(i).UtcDateTime);
            var list = byDay.GetValueOrDefault(day) ?? [];
            var granted = list.Where(e => e.Delta > 0 && e.Reason is CreditReason.SignupGrant or CreditReason.AdminGrant or CreditReason.Purchase).Sum(e => e.Delta);
            var spent = -list.Where(e => e.Reason is CreditReason.JobDebit or CreditReason.JobRefund).Sum(e => e.Delta);
            return new DailyCredits(day, granted, spent);
        }).ToList();

        return new DashboardFigures(usersTotal, usersNew, jobsToday, queueDepth, failureRate, finished.Count, median, credits,
            await StorageReport.UsageAsync(db, null, cancellationToken));
    }
}
