using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Flags;
using Coloring.Engine;
using Coloring.Domain.RateLimits;
using Coloring.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Jobs;

/// <summary>How starting a page ended: started, or the refusal that stopped it.</summary>
public enum CreateJobOutcome
{
    Created,

    /// <summary>The line weight is outside <see cref="PageStarts.MinLinePt"/> to <see cref="PageStarts.MaxLinePt"/>.</summary>
    InvalidLineWeight,

    /// <summary>An unknown preset or paper.</summary>
    InvalidOptions,

    /// <summary>The photo is unknown, deleted, someone else's, or not a photo.</summary>
    PhotoNotFound,

    InsufficientCredits,

    /// <summary>An admin turned generation off; the message is theirs.</summary>
    GenerationPaused,

    /// <summary>The person started many pages in a short time; <see cref="CreateJobResult.RetryAfterSeconds"/> says when to try again.</summary>
    TooManyStarts,

    /// <summary>The person already has this page: one queued, running or made from the same photo with equal options.
    /// Nothing is charged; a changed option makes a new page.</summary>
    AlreadyMade,
}

/// <summary>The queued job, or the refusal with the sentence to show.</summary>
public sealed record CreateJobResult(CreateJobOutcome Outcome, Job? Job = null, string? Message = null, int RetryAfterSeconds = 0);

/// <summary>
/// Starting a page, from the Create page or the API: the one place its checks are made, in this order: the options,
/// the photo, a credit, generation not paused, and only then the person's hourly limit, so a request refused anyway
/// never uses it up. Then the job and its charge are written in one transaction and the job is scheduled.
/// </summary>
public sealed class PageStarts(
    IDbContextFactory<ColoringDbContext> dbFactory,
    CreditLedger ledger,
    AssetStore assets,
    IJobScheduler scheduler,
    FeatureFlags flags,
    IActionLimits limits,
    TimeProvider clock,
    ILogger<PageStarts> logger)
{
    /// <summary>Line weights a person may ask for, in points.</summary>
    public const double MinLinePt = 0.5, MaxLinePt = 12;

    private const string NoCredits = "You have no credits left. Each page costs 1 credit.";

    /// <summary>
    /// Charges one credit and queues the job in one transaction (the charge's key is the job id), then asks the
    /// executor to run it. When it is refused nothing is written and nothing is counted but the limit itself.
    /// </summary>
    public async Task<CreateJobResult> StartAsync(Guid userId, Guid photoAssetId, PageOptions pageOptions, string generator = "local", CancellationToken cancellationToken = default)
    {
        if (Refusal(pageOptions) is { } invalid)
        {
            return invalid;
        }

        var photo = await assets.FindAsync(photoAssetId, userId, cancellationToken);
        if (photo is null || photo.Bucket != Bucket.Originals)
        {
            return new CreateJobResult(CreateJobOutcome.PhotoNotFound, Message: "That photo is not available any more. Please upload it again.");
        }

        if (await IsAlreadyMadeAsync(userId, photo.Id, pageOptions, cancellationToken))
        {
            return new CreateJobResult(CreateJobOutcome.AlreadyMade, Message: AlreadyMadeMessage);
        }

        if (await ledger.GetBalanceAsync(userId, cancellationToken) < CreditLedger.PageCost)
        {
            return new CreateJobResult(CreateJobOutcome.InsufficientCredits, Message: NoCredits);
        }

        var flagsNow = await flags.GetAsync(cancellationToken);
        if (!flagsNow.GenerationEnabled)
        {
            return new CreateJobResult(CreateJobOutcome.GenerationPaused, Message: flagsNow.GenerationPausedMessage);
        }

        var decision = await limits.GenerationAsync(userId, cancellationToken);
        if (!decision.Allowed)
        {
            return new CreateJobResult(CreateJobOutcome.TooManyStarts,
                Message: $"You have started many pages in a short time. You can start another page {decision.WaitText}.", RetryAfterSeconds: decision.RetryAfterSeconds);
        }

        var now = clock.GetUtcNow();
        var job = new Job
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Status = JobStatus.Queued,
            Generator = generator,
            OriginalAssetId = photo.Id,
            Stage = "queued",
            CreatedAt = now,
        };
        job.Keep(pageOptions);

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Jobs.Add(job);
            await db.SaveChangesAsync(cancellationToken);
            // The balance read above may be gone by now (another start at the same moment): the charge decides.
            if (await ledger.ChargeForPageAsync(db, userId, job.Id, cancellationToken) != LedgerResult.Applied)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new CreateJobResult(CreateJobOutcome.InsufficientCredits, Message: NoCredits);
            }

            // The same page started twice at once: the charge holds the person's balance row until commit, so the later
            // of the two sees the earlier one's job here and gives its credit back by rolling back.
            if (await AlreadyMadeAsync(db, userId, photo.Id, pageOptions, job.Id, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                return new CreateJobResult(CreateJobOutcome.AlreadyMade, Message: AlreadyMadeMessage);
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

    /// <summary>
    /// True when <paramref name="userId"/> already has a queued, running or made page from this photo with options equal
    /// to <paramref name="options"/> (preset, paper, line weight, subject, background, detail, crop, turns): Generate
    /// would only make the same page again. Failed and canceled pages, and other people's, do not count.
    /// </summary>
    public async Task<bool> IsAlreadyMadeAsync(Guid userId, Guid photoAssetId, PageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AlreadyMadeAsync(db, userId, photoAssetId, options, null, cancellationToken);
    }

    private static async Task<bool> AlreadyMadeAsync(ColoringDbContext db, Guid userId, Guid photoAssetId, PageOptions options, Guid? exceptJobId, CancellationToken cancellationToken)
    {
        // The few pages of one photo are compared in memory, option by option.
        var made = await db.Jobs.AsNoTracking()
            .Where(j => j.UserId == userId && j.OriginalAssetId == photoAssetId && j.Id != exceptJobId
                && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running || j.Status == JobStatus.Succeeded))
            .ToListAsync(cancellationToken);
        return made.Any(j => Same(j.Options, options));
    }

    /// <summary>The sentence shown when Generate would make a page the person already has.</summary>
    public const string AlreadyMadeMessage = "You already have this page. Change a setting to make a different one.";

    private static bool Same(PageOptions made, PageOptions asked) =>
        made.Preset == asked.Preset && made.Paper == asked.Paper
        && (made.LinePt ?? PageOptionNames.DefaultLinePt(made.Preset)) == (asked.LinePt ?? PageOptionNames.DefaultLinePt(asked.Preset))
        && made.Subject == asked.Subject && made.Background == asked.Background && made.Detail == asked.Detail && made.Turns == asked.Turns
        && (made.Crop is { IsWhole: false } ? made.Crop : null) == (asked.Crop is { IsWhole: false } ? asked.Crop : null);

    private static CreateJobResult? Refusal(PageOptions pageOptions)
    {
        if (pageOptions.LinePt is { } pt && (double.IsNaN(pt) || pt < MinLinePt || pt > MaxLinePt))
        {
            return new CreateJobResult(CreateJobOutcome.InvalidLineWeight, Message: $"Line weight must be between {MinLinePt} and {MaxLinePt} points.");
        }

        return !Enum.IsDefined(pageOptions.Preset) || !Enum.IsDefined(pageOptions.Paper)
            ? new CreateJobResult(CreateJobOutcome.InvalidOptions, Message: "Unknown preset or paper.")
            : null;
    }
}
