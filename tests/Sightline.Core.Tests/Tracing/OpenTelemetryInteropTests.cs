using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Sightline.Core.Tracing;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tests.Tracing;

/// <summary>
/// The application runs its own OpenTelemetry (ASP.NET Core and HttpClient instrumentation, in-memory exporter)
/// next to the tracer, whose Entry and Exit spans are opened the way the plugins will: in middleware inside the
/// framework's request Activity, and from HttpClient's DiagnosticListener Start event inside its client Activity.
/// The tracer adopts those Activities, so the trace has one server span per request and one client span per call.
/// </summary>
public sealed class OpenTelemetryInteropTests
{
    private const string TraceId = "5f0a4e3c2b1d4a6e8f9b0c1d2e3f4a5b";
    private const string CallerSpanId = "1a2b3c4d5e6f7a8b";

    [Fact]
    public async Task The_apps_opentelemetry_and_the_tracer_produce_one_trace_without_duplicate_server_or_client_spans()
    {
        var token = TestContext.Current.CancellationToken;
        var marker = Guid.NewGuid().ToString("N");
        var sink = new CollectingSpanSink();
        using var tracer = new ActivityTracer(new() { ServiceName = "front" }, sink);
        var exported = new List<Activity>();

        await using var app = BuildApp(tracer, exported, marker);
        await app.StartAsync(token);
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var exitPlugin = HttpClientExitPlugin.Subscribe(tracer, marker);
        app.Services.GetRequiredService<BackendClient>().Http.BaseAddress = new Uri(baseUrl);

        // The caller plays an upstream service with a known trace. It speaks HTTP over a plain socket, because any
        // HttpClient in this process is instrumented by the app's OpenTelemetry, which would replace the header.
        var body = await RawGetAsync(new Uri(baseUrl), "/front", $"00-{TraceId}-{CallerSpanId}-01", token);
        Assert.StartsWith("HTTP/1.1 200", body, StringComparison.Ordinal);
        Assert.Contains("front saw: stock=3", body, StringComparison.Ordinal);

        // Server Activities stop after the response is written; wait for both exporters to have both of them.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(token);
        patience.CancelAfter(TimeSpan.FromSeconds(30));
        while (Servers(sink.Spans).Count < 2 || Servers(Snapshot(exported)).Count < 2)
        {
            Assert.False(patience.IsCancellationRequested, $"server spans: ours {Servers(sink.Spans).Count}, the app's {Servers(Snapshot(exported)).Count}");
            await Task.Delay(10, token);
        }

        await app.StopAsync(token);

        var ours = sink.Spans.Where(s => s.TraceId.ToHexString() == TraceId).ToList();
        var theirs = Snapshot(exported).Where(s => s.TraceId.ToHexString() == TraceId).ToList();
        var trace = ours.Concat(theirs).DistinctBy(s => s.SpanId).ToList();

        var servers = trace.Where(s => s.Kind == ActivityKind.Server).ToList();
        var clients = trace.Where(s => s.Kind == ActivityKind.Client).ToList();
        Assert.Equal(2, servers.Count);
        var client = Assert.Single(clients);
        var local = Assert.Single(trace, s => s.Kind == ActivityKind.Internal);
        Assert.Equal(4, trace.Count);

        var front = Assert.Single(servers, s => s.ParentSpanId.ToHexString() == CallerSpanId);
        var back = Assert.Single(servers, s => s != front);
        Assert.Equal(front.SpanId, local.ParentSpanId);
        Assert.Equal(local.SpanId, client.ParentSpanId);
        Assert.Equal(client.SpanId, back.ParentSpanId);

        // The framework's Activities were adopted, so both exporters hold the very same server and client spans.
        Assert.Equal("Microsoft.AspNetCore", front.Source.Name);
        Assert.Equal("System.Net.Http", client.Source.Name);
        Assert.Equal(4, ours.Count);
        Assert.Equal(3, theirs.Count);
        Assert.All(ours, s => Assert.IsType<string>(s.GetTagItem(SpanTags.SegmentId)));
        Assert.Equal("AspNetCore", front.GetTagItem(SpanTags.Component));
        Assert.Equal("HttpClient", client.GetTagItem(SpanTags.Component));
        Assert.Equal("Http", client.GetTagItem(SpanTags.Layer));
    }

    private static async Task<string> RawGetAsync(Uri server, string path, string traceParent, CancellationToken token)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, token);
        await using var stream = tcp.GetStream();
        var request = $"GET {path} HTTP/1.1\r\nHost: {server.Authority}\r\ntraceparent: {traceParent}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(token);
    }

    private static List<Activity> Snapshot(List<Activity> exported)
    {
        lock (exported)
        {
            return [.. exported];
        }
    }

    private static List<Activity> Servers(IEnumerable<Activity> spans)
        => spans.Where(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == TraceId).ToList();

    private static WebApplication BuildApp(ActivityTracer tracer, List<Activity> exported, string marker)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddOpenTelemetry().WithTracing(t => t
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddInMemoryExporter(exported));
        builder.Services.AddSingleton(new BackendClient(marker));
        var app = builder.Build();

        // What the ASP.NET Core plugin will do: an Entry span per request, from the request headers.
        app.Use(async (context, next) =>
        {
            var entry = tracer.CreateEntrySpan(
                $"{context.Request.Method} {context.Request.Path}", context.Request.Headers,
                static (headers, key) => headers.TryGetValue(key, out var value) ? value.ToString() : null, SpanLayer.Http);
            entry.SetComponent("AspNetCore");
            try
            {
                await next(context);
            }
            catch (Exception ex)
            {
                entry.RecordException(ex);
                throw;
            }
            finally
            {
                entry.Stop();
            }
        });
        app.MapGet("/front", async (BackendClient backend) =>
        {
            var local = tracer.CreateLocalSpan("build page");
            try
            {
                return "front saw: " + await backend.Http.GetStringAsync(new Uri("/back", UriKind.Relative));
            }
            finally
            {
                local.Stop();
            }
        });
        app.MapGet("/back", () => "stock=3");
        return app;
    }

    /// <summary>The front end's HttpClient to the back end, marked so the exit plugin ignores other tests' calls.</summary>
    private sealed class BackendClient
    {
        public BackendClient(string marker)
        {
            Http.DefaultRequestHeaders.Add("x-test-marker", marker);
        }

        public HttpClient Http { get; } = new();
    }

    /// <summary>
    /// What the HttpClient plugin will do without patching: open the Exit span on HttpClient's
    /// <c>System.Net.Http.HttpRequestOut.Start</c> event (inside the framework's client Activity) and stop it on
    /// the Stop event.
    /// </summary>
    private sealed class HttpClientExitPlugin : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private static readonly CarrierSetter<HttpRequestHeaders> Setter = static (headers, key, value) =>
        {
            headers.Remove(key);
            headers.TryAddWithoutValidation(key, value);
        };

        private readonly ActivityTracer _tracer;
        private readonly string _marker;
        private readonly ConcurrentDictionary<HttpRequestMessage, TracingSpan> _open = new();
        private readonly List<IDisposable> _subscriptions = [];

        private HttpClientExitPlugin(ActivityTracer tracer, string marker)
        {
            _tracer = tracer;
            _marker = marker;
        }

        public static HttpClientExitPlugin Subscribe(ActivityTracer tracer, string marker)
        {
            var plugin = new HttpClientExitPlugin(tracer, marker);
            plugin._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(plugin));
            return plugin;
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "HttpHandlerDiagnosticListener")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            var request = value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) as HttpRequestMessage;
            if (request is null || !request.Headers.TryGetValues("x-test-marker", out var marks) || marks.Single() != _marker)
            {
                return;
            }

            if (value.Key == "System.Net.Http.HttpRequestOut.Start")
            {
                var uri = request.RequestUri!;
                var span = _tracer.CreateExitSpan($"{request.Method} {uri.AbsolutePath}", $"{uri.Host}:{uri.Port}", request.Headers, Setter, SpanLayer.Http);
                _open[request] = span.SetComponent("HttpClient");
            }
            else if (value.Key == "System.Net.Http.HttpRequestOut.Stop" && _open.TryRemove(request, out var span))
            {
                span.Stop();
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
