using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using static Sightline.Patching.Tests.PatchTestSupport;

namespace Sightline.Patching.Tests;

/// <summary>ReadyToRun framework methods: patched in place in the R2R image, then re-patched on tier-up.</summary>
public sealed class FrameworkTargetTests
{
    private static int _escapeCalls;
    private static int _sendCalls;
    private static int _containsCalls;
    private static string? _sentUri;

    [Fact]
    public void ReadyToRun_Uri_EscapeDataString_is_intercepted()
    {
        var target = typeof(Uri).GetMethod(nameof(Uri.EscapeDataString), [typeof(string)])!;
        Apply(new PatchRequest(target, "framework") { Prefix = Handler(typeof(FrameworkTargetTests), nameof(CountEscape)) });

        var before = Volatile.Read(ref _escapeCalls);
        Assert.Equal("a%20b%2Fc", Uri.EscapeDataString("a b/c"));
        Assert.True(Volatile.Read(ref _escapeCalls) > before);
    }

    [Fact]
    public async Task SocketsHttpHandler_SendAsync_is_intercepted_on_a_real_loopback_request()
    {
        var target = typeof(SocketsHttpHandler).GetMethod(
            "SendAsync", BindingFlags.NonPublic | BindingFlags.Instance, [typeof(HttpRequestMessage), typeof(CancellationToken)])!;
        Apply(new PatchRequest(target, "framework") { Prefix = Handler(typeof(FrameworkTargetTests), nameof(CountSend)) });

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = ServeOneAsync(listener, TestContext.Current.CancellationToken);
        using var client = new HttpClient(new SocketsHttpHandler());
        var body = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/hello"), TestContext.Current.CancellationToken);
        await server;

        Assert.Equal("ok", body);
        Assert.Equal(1, Volatile.Read(ref _sendCalls));
        Assert.Equal($"http://127.0.0.1:{port}/hello", _sentUri);
    }

    [Fact]
    public void ReadyToRun_explicit_interface_implementation_is_intercepted_when_called_through_the_interface()
    {
        // HttpRequestOptions implements IDictionary<string, object?> explicitly: a virtual slot filled with ReadyToRun code.
        var target = typeof(HttpRequestOptions).GetInterfaceMap(typeof(IDictionary<string, object?>)).TargetMethods
            .Single(m => m.Name.EndsWith(".ContainsKey", StringComparison.Ordinal));
        IDictionary<string, object?> options = new HttpRequestOptions();
        options["warm"] = 1;
        Assert.True(options.ContainsKey("warm"));

        Apply(new PatchRequest(target, "framework") { Prefix = Handler(typeof(FrameworkTargetTests), nameof(CountContains)) });

        Assert.True(options.ContainsKey("warm"));
        Assert.False(options.ContainsKey("cold"));
        Assert.Equal(2, Volatile.Read(ref _containsCalls));
    }

    private static async Task ServeOneAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        using var socket = await listener.AcceptSocketAsync(cancellationToken);
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, cancellationToken);
            if (n == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), cancellationToken);
        socket.Shutdown(SocketShutdown.Both);
    }

    private static void CountContains() => Interlocked.Increment(ref _containsCalls);

    private static void CountEscape() => Interlocked.Increment(ref _escapeCalls);

    private static void CountSend(HttpRequestMessage request)
    {
        Interlocked.Increment(ref _sendCalls);
        _sentUri = request.RequestUri?.ToString();
    }
}
