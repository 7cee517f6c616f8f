using Coloring.Domain.Realtime;
using StackExchange.Redis;

namespace Coloring.Web.Realtime;

/// <summary>
/// Live updates across instances: publishing goes through Redis pub/sub, and every instance hands what it
/// hears to its local subscribers. If Redis does not answer, the message still reaches this instance's pages.
/// </summary>
public sealed class RedisLiveUpdates : ILiveUpdates
{
    private const string Prefix = "coloring:live:";
    private static readonly TimeSpan SubscribeWait = TimeSpan.FromSeconds(5);
    private readonly IConnectionMultiplexer _redis;
    private readonly InProcessLiveUpdates _local;
    private readonly ILogger<RedisLiveUpdates> _logger;

    public RedisLiveUpdates(IConnectionMultiplexer redis, InProcessLiveUpdates local, ILogger<RedisLiveUpdates> logger)
    {
        _redis = redis;
        _local = local;
        _logger = logger;
        // Connected: wait (briefly) for the subscription before anyone publishes, so no message of another instance
        // is missed. Never wait without a bound: a subscription Redis does not confirm once hung the app's start.
        // Redis down at start must not break every page that shows something live (the maintenance banner is on
        // all of them): then it completes in the background; the client renews the subscription once connected.
        var subscribing = SubscribeToOtherInstancesAsync();
        if (_redis.IsConnected && !subscribing.Wait(SubscribeWait))
        {
            _logger.LogWarning("Redis did not confirm the live-update subscription within {Wait}; it completes in the background", SubscribeWait);
        }
    }

    private async Task SubscribeToOtherInstancesAsync()
    {
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(Prefix + "*"), (channel, message) =>
                _ = _local.PublishAsync(channel.ToString()[Prefix.Length..], message.ToString()));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _logger.LogWarning(ex, "Redis is not reachable yet; updates from other instances arrive once it is");
        }
    }

    public async Task PublishAsync(string topic, string message)
    {
        if (!_redis.IsConnected)
        {
            // Don't let a page wait for Redis's command timeout: this instance's own pages still hear it at once.
            await _local.PublishAsync(topic, message);
            return;
        }

        try
        {
            await _redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Prefix + topic), message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _logger.LogWarning(ex, "Redis did not take a live update for {Topic}; delivering it on this instance only", topic);
            await _local.PublishAsync(topic, message);
        }
    }

    public IDisposable Subscribe(string topic, Func<string, Task> handler) => _local.Subscribe(topic, handler);
}
