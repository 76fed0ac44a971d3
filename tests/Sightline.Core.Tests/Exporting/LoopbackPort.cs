using System.Net;
using System.Net.Sockets;

namespace Sightline.Core.Tests.Exporting;

/// <summary>Free loopback ports, for a backend that must start later on an address the exporter already knows.</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
