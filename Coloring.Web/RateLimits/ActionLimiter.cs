using Coloring.Domain.RateLimits;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Coloring.Domain.Accounts;
using Coloring.Domain.Payments;
using Coloring.Domain.Telemetry;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Coloring.Web.RateLimits;

/// <summary>
/// The one limiter that the pages and the API both ask before an upload, a generation or a sign-in link
/// (Blazor actions never pass through HTTP middleware, so a middleware limit would miss them). With Redis
/// the counters are shared by every instance; without it, or while Redis does not answer, they are kept in
/// this process, so a Redis outage never stops the site.
/// </summary>
public sealed class ActionLimiter(
    IOptions<RateLimitOptions> options,
    MemoryWindows memory,
    ILogger<ActionLimiter> logger,
    IConnectionMultiplexer? redis = null,
    CreditPurchases? purchases = null) : IActionLimits
{
    private int _redisFailing;

    /// <summary>Counts an upload by <paramref name="userId"/>.</summary>
    public async Task<RateLimitDecision> UploadAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await CountedAsync("upload", AcquireAsync($"upload:{userId:N}", (await LimitsForAsync(userId, cancellationToken)).Uploads, cancellationToken));

    /// <summary>Counts a page started by <paramref name="userId"/>.</summary>
    public async Task<RateLimitDecision> GenerationAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await CountedAsync("generation", AcquireAsync($"generation:{userId:N}", (await LimitsForAsync(userId, cancellationToken)).Generations, cancellationToken));

    /// <summary>The limits for <paramref name="userId"/>: the buyers' ones once they have a paid purchase.</summary>
    public async Task<PersonalLimits> LimitsForAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        return purchases is not null && await purchases.IsBuyerAsync(userId, cancellationToken)
            ? new PersonalLimits(limits.Buyers.Uploads, limits.Buyers.Generations, true)
            : new PersonalLimits(limits.Uploads, limits.Generations, false);
    }

    /// <summary>Counts a studio preview asked for by <paramref name="userId"/> (their own limit, so that one person cannot
    /// keep every core busy).</summary>
    public Task<RateLimitDecision> PreviewAsync(Guid userId, CancellationToken cancellationToken = default) =>
        CountedAsync("preview", AcquireAsync($"preview:{userId:N}", options.Value.Previews, cancellationToken));

    /// <summary>Counts a PDF printed by <paramref name="userId"/>, from the pages or the API.</summary>
    public Task<RateLimitDecision> PdfExportAsync(Guid userId, CancellationToken cancellationToken = default) =>
        CountedAsync("pdf-export", AcquireAsync($"pdf:{userId:N}", options.Value.PdfExports, cancellationToken));

    /// <summary>Counts a page sent by e-mail by <paramref name="userId"/>.</summary>
    public Task<RateLimitDecision> PageEmailAsync(Guid userId, CancellationToken cancellationToken = default) =>
        CountedAsync("page-email", AcquireAsync($"page-email:{userId:N}", options.Value.PageEmails, cancellationToken));

    /// <summary>Counts a shared page's PDF opened from <paramref name="ip"/>'s network.</summary>
    public Task<RateLimitDecision> SharedPdfAsync(IPAddress? ip, CancellationToken cancellationToken = default) =>
        CountedAsync("shared-pdf", AcquireAsync($"shared-pdf:{NetworkOf(ip)}", options.Value.SharedPdfs, cancellationToken));

    /// <summary>
    /// Counts a sign-in link asked for from <paramref name="ip"/> for <paramref name="email"/>, in three counts that
    /// must all be under their limits: the network (an IPv4 address or an IPv6 /64), the address from that network,
    /// and the address from anywhere (the cap on mail to one mailbox).
    /// </summary>
    /// <remarks>
    /// The address from one network is counted before the address alone, so a stranger hammering someone's address
    /// from one network uses up at most that pair's limit of the address's cap, and the person can still ask from
    /// their own network.
    /// </remarks>
    public Task<RateLimitDecision> SignInLinkAsync(IPAddress? ip, string email, CancellationToken cancellationToken = default) =>
        CountedAsync("sign-in-link", SignInLinkUncountedAsync(ip, email, cancellationToken));

    private static async Task<RateLimitDecision> CountedAsync(string action, Task<RateLimitDecision> deciding)
    {
        var decision = await deciding;
        if (!decision.Allowed)
        {
            ColoringMetrics.RateLimited(action);
        }

        return decision;
    }

    private async Task<RateLimitDecision> SignInLinkUncountedAsync(IPAddress? ip, string email, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var network = NetworkOf(ip);
        var byNetwork = await AcquireAsync($"link-ip:{network}", limits.SignInLinks, cancellationToken);
        if (!byNetwork.Allowed)
        {
            return byNetwork;
        }

        // Addresses are hashed so that no e-mail address is written to Redis; a look-alike counts as the address
        // its link would go to.
        var address = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EmailAddress.Canonicalize(email) ?? EmailAddress.Normalize(email))))[..32];
        var fromNetwork = await AcquireAsync($"link-email-ip:{address}:{network}", limits.SignInLinksPerAddressAndNetwork, cancellationToken);
        if (!fromNetwork.Allowed)
        {
            return fromNetwork;
        }

        return await AcquireAsync($"link-email:{address}", limits.SignInLinksPerAddress, cancellationToken);
    }

    /// <summary>
    /// The network a client is counted by: its IPv4 address, or the /64 of its IPv6 address (one household or
    /// machine is usually given a whole /64, so counting single IPv6 addresses would count nothing).
    /// </summary>
    public static string NetworkOf(IPAddress? ip)
    {
        if (ip is null)
        {
            return "unknown";
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        if (ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return ip.ToString();
        }

        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private async Task<RateLimitDecision> AcquireAsync(string key, WindowLimit limit, CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            return memory.TryAcquire(key, limit);
        }

        if (!redis.IsConnected)
        {
            return InMemoryMeanwhile(key, limit, null);
        }

        try
        {
            var decision = await AcquireOnRedisAsync($"coloring:{key}", limit).WaitAsync(options.Value.RedisTimeout, cancellationToken);
            if (Interlocked.Exchange(ref _redisFailing, 0) == 1)
            {
                logger.LogInformation("Redis answers again; rate limits are shared by every instance again");
            }

            return decision;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            return InMemoryMeanwhile(key, limit, ex);
        }
    }

    // Fail open: keep limiting, in memory, rather than refuse everyone or hang the page.
    private RateLimitDecision InMemoryMeanwhile(string key, WindowLimit limit, Exception? problem)
    {
        if (Interlocked.Exchange(ref _redisFailing, 1) == 0)
        {
            logger.LogWarning(problem, "Redis does not answer; rate limits are counted on this instance only until it does");
        }

        return memory.TryAcquire(key, limit);
    }

    private async Task<RateLimitDecision> AcquireOnRedisAsync(string key, WindowLimit limit)
    {
        using var limiter = new RedisFixedWindowRateLimiter<string>(key, new RedisFixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            ConnectionMultiplexerFactory = () => redis!,
        });
        using var lease = await limiter.AcquireAsync(1);
        if (lease.IsAcquired)
        {
            return RateLimitDecision.Allow;
        }

        return new RateLimitDecision(false, lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds)
            ? TimeSpan.FromSeconds(Math.Max(1, seconds))
            : limit.Window);
    }
}
