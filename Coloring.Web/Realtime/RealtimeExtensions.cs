using Coloring.Domain.Realtime;
using StackExchange.Redis;

namespace Coloring.Web.Realtime;

public static class RealtimeExtensions
{
    /// <summary>In-process live updates, carried over Redis pub/sub when <c>ConnectionStrings:Redis</c> is set.</summary>
    public static void AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InProcessLiveUpdates>();
        var redis = builder.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddSingleton<ILiveUpdates>(sp => sp.GetRequiredService<InProcessLiveUpdates>());
            return;
        }

        var options = ConfigurationOptions.Parse(redis);
        options.AbortOnConnectFail = false; // start even while Redis is down; reconnect in the background
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddSingleton<ILiveUpdates, RedisLiveUpdates>();
    }
}
