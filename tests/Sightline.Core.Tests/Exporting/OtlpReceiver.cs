using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Core.Exporting.Otlp;

namespace Sightline.Core.Tests.Exporting;

/// <summary>
/// A real OTLP receiver on loopback: an ASP.NET Core app serving the OTLP TraceService over gRPC (HTTP/2) and
/// <c>POST /v1/traces</c> over HTTP/1.1 with protobuf bodies, recording every span with its resource and scope.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly Lock _gate = new();
    private readonly List<ReceivedSpan> _spans = [];
    private readonly List<string> _testHeaders = [];
    private readonly List<ExportTraceServiceRequest> _requests = [];
    private readonly int _answer;

    private OtlpReceiver(int grpcPort, int httpPort, int answer)
    {
        _answer = answer;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
    }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    /// <summary>An OTLP exporter sending here over HTTP/protobuf, configured as users configure it.</summary>
    public OtlpExporter HttpExporter() => new(OtlpExporterSettings.FromVariables(new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{HttpPort}",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
    }.GetValueOrDefault));

    public IReadOnlyList<ReceivedSpan> Spans
    {
        get
        {
            lock (_gate)
            {
                return _spans.ToList();
            }
        }
    }

    /// <summary>Every request as parsed, resource and scopes included.</summary>
    public IReadOnlyList<ExportTraceServiceRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Values of the <c>x-sightline-test</c> header, one per request.</summary>
    public IReadOnlyList<string> TestHeaders
    {
        get
        {
            lock (_gate)
            {
                return _testHeaders.ToList();
            }
        }
    }

    /// <summary>Starts the receiver; <paramref name="answer"/> other than 200 makes the HTTP endpoint refuse every request with it.</summary>
    public static async Task<OtlpReceiver> StartAsync(int? grpcPort = null, int? httpPort = null, int answer = 200)
    {
        var grpc = grpcPort ?? LoopbackPort.Free();
        var http = httpPort ?? LoopbackPort.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, grpc, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, http, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var receiver = new OtlpReceiver(grpc, http, answer);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(receiver);
        var app = builder.Build();
        app.MapGrpcService<TraceServiceEndpoint>();
        app.MapPost("/v1/traces", (Delegate)receiver.ReceiveHttpAsync);
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

    private void Record(ExportTraceServiceRequest request, string? testHeader)
    {
        lock (_gate)
        {
            _requests.Add(request);
            if (testHeader is not null)
            {
                _testHeaders.Add(testHeader);
            }

            foreach (var resourceSpans in request.ResourceSpans)
            {
                var service = resourceSpans.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue;
                foreach (var scopeSpans in resourceSpans.ScopeSpans)
                {
                    foreach (var span in scopeSpans.Spans)
                    {
                        _spans.Add(new ReceivedSpan(span, service, scopeSpans.Scope?.Name));
                    }
                }
            }
        }
    }

    private async Task<IResult> ReceiveHttpAsync(HttpContext context)
    {
        if (_answer != StatusCodes.Status200OK)
        {
            return Results.StatusCode(_answer);
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var request = ExportTraceServiceRequest.Parser.ParseFrom(body.ToArray());
        Record(request, context.Request.Headers["x-sightline-test"].FirstOrDefault());
        return Results.Bytes(new ExportTraceServiceResponse().ToByteArray(), "application/x-protobuf");
    }

    /// <summary>A span as the receiver got it, with its resource's service name and its scope name.</summary>
    public sealed record ReceivedSpan(Span Span, string? ServiceName, string? ScopeName)
    {
        public string TraceId => Convert.ToHexStringLower(Span.TraceId.Span);

        public string SpanId => Convert.ToHexStringLower(Span.SpanId.Span);

        public string ParentSpanId => Convert.ToHexStringLower(Span.ParentSpanId.Span);

        public string? Attribute(string key) => Span.Attributes.FirstOrDefault(a => a.Key == key)?.Value.ToString();
    }

    private sealed class TraceServiceEndpoint(OtlpReceiver receiver) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            receiver.Record(request, context.RequestHeaders.GetValue("x-sightline-test"));
            return Task.FromResult(new ExportTraceServiceResponse());
        }
    }
}
