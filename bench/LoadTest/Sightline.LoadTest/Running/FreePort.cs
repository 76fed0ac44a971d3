using System.Net;
using System.Net.Sockets;

namespace Sightline.LoadTest.Running;

/// <summary>A loopback port nobody listens on right now (the OS's pick for port 0).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
