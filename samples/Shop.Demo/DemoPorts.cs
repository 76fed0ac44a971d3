using System.Net;
using System.Net.Sockets;

namespace Shop.Demo;

/// <summary>The loopback ports of every process the demo starts.</summary>
public sealed record DemoPorts(int Ui, int OtlpHttp, int OtlpGrpc, int JaegerGrpc, int Storefront, int Inventory, int Payment)
{
    /// <summary>The storage server's and the shop's own defaults.</summary>
    public static readonly DemoPorts Defaults = new(16686, 4318, 4317, 17271, 5080, 5081, 5082);

    /// <summary>
    /// The defaults (or the ports asked for) where they are free; any that is taken is replaced by a free port and
    /// a line in <paramref name="notes"/> says so. With <c>--free-ports</c> every port is a free one.
    /// </summary>
    public static DemoPorts Choose(DemoOptions options, ICollection<string> notes)
    {
        var taken = new HashSet<int>();
        int Pick(string what, int wanted, bool asked)
        {
            if (options.FreePorts && !asked)
            {
                return Reserve(FreePort());
            }

            if (!taken.Contains(wanted) && IsFree(wanted))
            {
                return Reserve(wanted);
            }

            var other = Reserve(FreePort());
            notes.Add($"port {wanted} ({what}) is in use, probably by another demo, storage server or Jaeger: using {other} instead.");
            return other;
        }

        int Reserve(int port)
        {
            taken.Add(port);
            return port;
        }

        int FreePort()
        {
            // The system hands out each ephemeral port once in a while; skip any this demo already picked.
            while (true)
            {
                var port = Ephemeral();
                if (!taken.Contains(port))
                {
                    return port;
                }
            }
        }

        return new DemoPorts(
            Pick("web UI and query API", options.UiPort ?? Defaults.Ui, options.UiPort is not null),
            Pick("OTLP/HTTP", options.OtlpPort ?? Defaults.OtlpHttp, options.OtlpPort is not null),
            Pick("OTLP/gRPC", Defaults.OtlpGrpc, asked: false),
            Pick("Jaeger remote storage", Defaults.JaegerGrpc, asked: false),
            Pick("storefront", Defaults.Storefront, asked: false),
            Pick("inventory", Defaults.Inventory, asked: false),
            Pick("payment", Defaults.Payment, asked: false));
    }

    /// <summary>True when nothing listens on loopback <paramref name="port"/>.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int Ephemeral()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
