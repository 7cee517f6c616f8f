using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Coloring.Web.Infrastructure;

/// <summary>
/// Behind a reverse proxy or load balancer every request comes from the proxy's address and over plain HTTP. The
/// proxies named in <c>App:TrustedProxies</c> (addresses or networks) are believed about the client's address
/// (<c>X-Forwarded-For</c>, which the per-IP sign-in limit counts) and the scheme (<c>X-Forwarded-Proto</c>, which
/// HSTS needs); from anyone else those headers are ignored, so a client cannot pick its own address.
/// </summary>
public static class ReverseProxyExtensions
{
    public static void AddReverseProxySupport(this WebApplicationBuilder builder) =>
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<AppOptions>>((forwarded, app) =>
        {
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            var networks = TrustedProxies.Parse(app.Value.TrustedProxies, out _);
            if (networks.Count == 0)
            {
                forwarded.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }

            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // A chain of proxies is walked from the nearest one back, and stops at the first address not trusted.
            forwarded.ForwardLimit = null;
            foreach (var network in networks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });

    /// <summary>Runs first, so everything after it (limits, HSTS, logs) sees the client rather than the proxy.</summary>
    public static void UseReverseProxySupport(this WebApplication app) => app.UseForwardedHeaders();
}

/// <summary>Reads <c>App:TrustedProxies</c>: each entry an address (10.0.0.5, ::1) or a network (10.0.0.0/8); an
/// entry may also list several, separated by commas or spaces.</summary>
public static class TrustedProxies
{
    public static IReadOnlyList<IPNetwork> Parse(IEnumerable<string>? entries, out IReadOnlyList<string> invalid)
    {
        var networks = new List<IPNetwork>();
        var bad = new List<string>();
        foreach (var entry in (entries ?? []).SelectMany(e => (e ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries)))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/'))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                bad.Add(entry);
            }
        }

        invalid = bad;
        return networks;
    }
}
