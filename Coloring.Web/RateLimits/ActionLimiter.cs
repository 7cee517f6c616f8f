using System.Net;
using System.Security.Cryptography;
using System.Text;
using Coloring.Domain.Accounts;
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
    IConnectionMultiplexer? redis = null)
{
    private int _redisFailing;

    /// <summary>Counts an upload by <paramref name="userId"/>.</summary>
    public Task<RateLimitDecision> UploadAsync(Guid userId, CancellationToken cancellationToken = default) =>
        CountedAsync("upload", AcquireAsync($"upload:{userId:N}", options.Value.Uploads, cancellationToken));

    /// <summary>Counts a page started by <paramref name="userId"/>.</summary>
    public Task<RateLimitDecision> GenerationAsync(Guid userId, CancellationToken cancellationToken = default) =>
        CountedAsync("generation", AcquireAsync($"generation:{userId:N}", options.Value.Generations, cancellationToken));

    /// <summary>Counts a sign-in link asked for from <paramref name="ip"/> for <paramref name="email"/>: both must be under the limit.</summary>
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
        var limit = options.Value.SignInLinks;
        var byIp = await AcquireAsync($"link-ip:{ip?.ToString() ?? "unknown"}", limit, cancellationToken);
        if (!byIp.Allowed)
        {
            return byIp;
        }

        // Addresses are hashed so that no e-mail address is written to Redis.
        var address = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EmailAddress.Normalize(email))))[..32];
        return await AcquireAsync($"link-email:{address}", limit, cancellationToken);
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
