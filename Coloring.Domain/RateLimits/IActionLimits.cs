using System.Net;

namespace Coloring.Domain.RateLimits;

/// <summary>
/// The per-person limits the use cases ask before their work: each call counts one action and says whether it may go
/// ahead. The web layer implements it (shared by every instance through Redis when there is one).
/// </summary>
public interface IActionLimits
{
    /// <summary>Counts a photo taken in from <paramref name="userId"/>.</summary>
    Task<RateLimitDecision> UploadAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Counts a page started by <paramref name="userId"/>.</summary>
    Task<RateLimitDecision> GenerationAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Counts a studio preview asked for by <paramref name="userId"/>.</summary>
    Task<RateLimitDecision> PreviewAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Counts a PDF printed by <paramref name="userId"/>.</summary>
    Task<RateLimitDecision> PdfExportAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Counts a page sent by e-mail by <paramref name="userId"/>.</summary>
    Task<RateLimitDecision> PageEmailAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Counts a shared page's PDF opened from <paramref name="ip"/>'s network (anyone with the link, no account).</summary>
    Task<RateLimitDecision> SharedPdfAsync(IPAddress? ip, CancellationToken cancellationToken = default);

    /// <summary>Counts a sign-in link asked for from <paramref name="ip"/> for <paramref name="email"/>.</summary>
    Task<RateLimitDecision> SignInLinkAsync(IPAddress? ip, string email, CancellationToken cancellationToken = default);
}
