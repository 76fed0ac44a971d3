using System.Net;
using Grpc.Core;
using Jaeger.Storage.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using JaegerSpan = Jaeger.ApiV2.Span;

namespace Sightline.Core.Tests.Exporting;

/// <summary>
/// A real Jaeger remote-storage (storage_v1) write side on loopback: <c>SpanWriterPlugin</c>, and, when asked,
/// <c>StreamingSpanWriterPlugin</c> and <c>PluginCapabilities</c> announcing it. Records spans and call counts.
/// </summary>
internal sealed class JaegerStorageReceiver : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<JaegerSpan> _spans = [];
    private readonly List<string> _tokens = [];
    private WebApplication? _app;
    private int _unaryCalls;
    private int _streamCalls;
    private int _closeCalls;

    private JaegerStorageReceiver(int port) => Port = port;

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public int UnaryCalls => Volatile.Read(ref _unaryCalls);

    public int StreamCalls => Volatile.Read(ref _streamCalls);

    public int CloseCalls => Volatile.Read(ref _closeCalls);

    public IReadOnlyList<JaegerSpan> Spans
    {
        get
        {
            lock (_gate)
            {
                return _spans.ToList();
            }
        }
    }

    /// <summary>The <c>bearer.token</c> metadata of each write call.</summary>
    public IReadOnlyList<string> Tokens
    {
        get
        {
            lock (_gate)
            {
                return _tokens.ToList();
            }
        }
    }

    /// <summary>Starts the server; with <paramref name="streaming"/> false it serves no capabilities at all (UNIMPLEMENTED).</summary>
    public static async Task<JaegerStorageReceiver> StartAsync(bool streaming)
    {
        var receiver = new JaegerStorageReceiver(LoopbackPort.Free());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, receiver.Port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(receiver);
        var app = builder.Build();
        app.MapGrpcService<WriterEndpoint>();
        if (streaming)
        {
            app.MapGrpcService<StreamingWriterEndpoint>();
            app.MapGrpcService<CapabilitiesEndpoint>();
        }

        receiver._app = app;
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private void Record(JaegerSpan span, ServerCallContext context)
    {
        lock (_gate)
        {
            _spans.Add(span);
            _tokens.Add(context.RequestHeaders.GetValue("bearer.token") ?? string.Empty);
        }
    }

    private sealed class WriterEndpoint(JaegerStorageReceiver receiver) : SpanWriterPlugin.SpanWriterPluginBase
    {
        public override Task<WriteSpanResponse> WriteSpan(WriteSpanRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref receiver._unaryCalls);
            receiver.Record(request.Span, context);
            return Task.FromResult(new WriteSpanResponse());
        }

        public override Task<CloseWriterResponse> Close(CloseWriterRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref receiver._closeCalls);
            return Task.FromResult(new CloseWriterResponse());
        }
    }

    private sealed class StreamingWriterEndpoint(JaegerStorageReceiver receiver) : StreamingSpanWriterPlugin.StreamingSpanWriterPluginBase
    {
        public override async Task<WriteSpanResponse> WriteSpanStream(IAsyncStreamReader<WriteSpanRequest> requestStream, ServerCallContext context)
        {
            Interlocked.Increment(ref receiver._streamCalls);
            await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
            {
                receiver.Record(request.Span, context);
            }

            return new WriteSpanResponse();
        }
    }

    private sealed class CapabilitiesEndpoint : PluginCapabilities.PluginCapabilitiesBase
    {
        public override Task<CapabilitiesResponse> Capabilities(CapabilitiesRequest request, ServerCallContext context) =>
            Task.FromResult(new CapabilitiesResponse { StreamingSpanWriter = true });
    }
}
