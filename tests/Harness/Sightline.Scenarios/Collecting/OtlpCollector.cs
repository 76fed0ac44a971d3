using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Sightline.Scenarios.Collecting;

/// <summary>
/// A real OTLP/HTTP receiver (protobuf, <c>POST /v1/traces</c>) on a loopback port: the agents of a scenario export
/// to it exactly as they would to a collector, and it keeps every span it receives.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ActualSpan> _spans = new();
    private int _rejected;

    private OtlpCollector(WebApplication app) => _app = app;

    /// <summary>The base address to use as OTEL_EXPORTER_OTLP_ENDPOINT (with the http/protobuf protocol).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Requests that were not valid OTLP (answered 400).</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<ActualSpan> Spans => _spans.ToArray();

    /// <summary>Starts a collector on a free loopback port.</summary>
    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/traces", collector.ReceiveAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        collector.Endpoint = new Uri(address);
        return collector;
    }

    /// <summary>Waits until no span has arrived for <paramref name="quiet"/>, up to <paramref name="timeout"/>.</summary>
    public async Task WaitForQuietAsync(TimeSpan quiet, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var count = -1;
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var now = _spans.Count;
            if (now != count)
            {
                count = now;
                since = DateTime.UtcNow;
            }
            else if (count > 0 && DateTime.UtcNow - since >= quiet)
            {
                return;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        ExportTraceServiceRequest request;
        try
        {
            request = ExportTraceServiceRequest.Parser.ParseFrom(body.ToArray());
        }
        catch (InvalidProtocolBufferException)
        {
            Interlocked.Increment(ref _rejected);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        foreach (var span in OtlpConversion.Spans(request))
        {
            _spans.Enqueue(span);
        }

        context.Response.ContentType = "application/x-protobuf";
        await context.Response.Body.WriteAsync(new ExportTraceServiceResponse().ToByteArray(), context.RequestAborted).ConfigureAwait(false);
    }
}
