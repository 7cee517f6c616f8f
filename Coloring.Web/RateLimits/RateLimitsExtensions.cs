namespace Coloring.Web.RateLimits;

public static class RateLimitsExtensions
{
    /// <summary>The shared limiter for uploads, generations, sign-in links and PDFs (on Redis when <c>ConnectionStrings:Redis</c> is set).</summary>
    public static void AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.IsValid(), "Every RateLimits limit (and RateLimits:Buyers limit) needs a PermitLimit of at least 1 and a Window of at least a second, and RedisTimeout must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<MemoryWindows>();
        // The Redis connection, when there is one, is the one AddRealtime registers.
        builder.Services.AddSingleton(sp => new ActionLimiter(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>(),
            sp.GetRequiredService<MemoryWindows>(),
            sp.GetRequiredService<ILogger<ActionLimiter>>(),
            sp.GetService<StackExchange.Redis.IConnectionMultiplexer>(),
            sp.GetRequiredService<Coloring.Domain.Payments.CreditPurchases>()));
        builder.Services.AddSingleton<Coloring.Domain.RateLimits.IActionLimits>(sp => sp.GetRequiredService<ActionLimiter>());
    }
}
