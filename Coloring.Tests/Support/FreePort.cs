using System.Net;
using System.Net.Sockets;

namespace Coloring.Tests.Support;

/// <summary>Free loopback ports for the servers tests start (the app, SMTP, Redis). Compiled into both test projects.</summary>
public static class FreePort
{
    /// <summary>A loopback port nobody listens on right now (the OS picks it; we release it at once).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
