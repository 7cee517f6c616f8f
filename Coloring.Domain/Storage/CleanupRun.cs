namespace Coloring.Domain.Storage;

/// <summary>Where a cleanup pass stands.</summary>
public enum CleanupStatus
{
    /// <summary>Under way: the row is the pass's lease, and no other pass starts while it holds.</summary>
    Running,

    Succeeded,

    /// <summary>Stopped part way by an error, or never finished (its machine stopped); <see cref="CleanupRun.Error"/> says why.</summary>
    Failed,
}

/// <summary>
/// One cleanup pass, kept for the admin Storage page whichever instance ran it. While it runs, the row is
/// also the lease that keeps a second pass from starting anywhere (a unique index allows one running row).
/// </summary>
public class CleanupRun
{
    /// <summary>The longest <see cref="Error"/> kept.</summary>
    public const int ErrorLength = 300;

    public Guid Id { get; set; }

    public CleanupStatus Status { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Until when a running pass holds the lease; it renews it after each step. Past it, the pass is taken to be lost.</summary>
    public DateTimeOffset LeaseUntil { get; set; }

    /// <summary>The machine that ran the pass.</summary>
    public required string Machine { get; set; }

    /// <summary>The admin who started it by hand; null when the schedule did (or once that account is deleted).</summary>
    public Guid? StartedById { get; set; }

    /// <summary>The e-mail of the admin who started it by hand, kept after the account is deleted; null for the schedule.</summary>
    public string? StartedByEmail { get; set; }

    /// <summary>Expired files deleted (their rows and their files).</summary>
    public int ExpiredAssets { get; set; }

    /// <summary>Files with no row deleted.</summary>
    public int OrphanFiles { get; set; }

    /// <summary>Used or expired sign-in links deleted.</summary>
    public int ExpiredSignInLinks { get; set; }

    /// <summary>Why a failed pass stopped, in a sentence (the full error is in the log).</summary>
    public string? Error { get; set; }

    /// <summary>Whether an admin started the pass by hand (the schedule did otherwise).</summary>
    public bool ByHand => StartedByEmail is not null;

    /// <summary>What the pass deleted, in words: "1 expired file, 0 orphaned files, 2 old sign-in links".</summary>
    public string Deleted => $"{Count(ExpiredAssets, "expired file")}, {Count(OrphanFiles, "orphaned file")}, {Count(ExpiredSignInLinks, "old sign-in link")}";

    private static string Count(int count, string what) => Words.Count(count, what);
}
