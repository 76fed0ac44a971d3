using System.Net;
using System.Net.Sockets;

namespace Sightline.Plugins.AdoNet.Tests;

/// <summary>A loopback port nothing listens on: bound by the system, then released, so a connect to it is refused.</summary>
internal static class ClosedPort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
