using System.IO.Compression;
using System.Net;

namespace Sightline.LoadTest.Receiving;

/// <summary>
/// A counting OTLP/HTTP receiver (<c>POST /v1/traces</c>, protobuf, optionally gzip): one loopback port per sender, so
/// the spans of configuration B and C are counted apart. It answers every valid request with an empty
/// <c>ExportTraceServiceResponse</c> and keeps nothing but the counts, so it costs the load generator's core little.
/// </summary>
public sealed class SpanReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, SpanTally> _tallies;

    private SpanReceiver(WebApplication app, Dictionary<string, SpanTally> tallies)
    {
        _app = app;
        _tallies = tallies;
    }

    /// <summary>Starts listening on one free loopback port for each of <paramref name="senders"/>.</summary>
    public static async Task<SpanReceiver> StartAsync(IReadOnlyList<string> senders, CancellationToken cancellationToken)
    {
        // Filled once the ports are bound, before any sender is told where they are.
        var byPort = new Dictionary<int, SpanTally>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var _ in senders)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
        });
        var app = builder.Build();
        app.MapPost("/v1/traces", async context => await ReceiveAsync(context, byPort[context.Connection.LocalPort]));
        await app.StartAsync(cancellationToken);

        // Kestrel binds the endpoints in the order they were configured and lists their addresses in that order.
        var ports = app.Urls
            .Select(address => new Uri(address).Port)
            .ToList();
        if (ports.Count != senders.Count)
        {
            await app.DisposeAsync();
            throw new LoadTestException($"the OTLP receiver bound {ports.Count} port(s) for {senders.Count} sender(s)");
        }

        var tallies = senders.Zip(ports).ToDictionary(p => p.First, p => new SpanTally(p.Second));
        foreach (var tally in tallies.Values)
        {
            byPort[tally.Port] = tally;
        }

        return new SpanReceiver(app, tallies);
    }

    /// <summary>What <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> of <paramref name="sender"/> is set to.</summary>
    public Uri Endpoint(string sender) => new($"http://127.0.0.1:{_tallies[sender].Port}");

    /// <summary>The counts of <paramref name="sender"/> so far.</summary>
    public SpanTally Tally(string sender) => _tallies[sender];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task ReceiveAsync(HttpContext context, SpanTally tally)
    {
        using var body = new MemoryStream();
        var encoding = context.Request.Headers.ContentEncoding.ToString();
        if (encoding is "gzip")
        {
            await using var gzip = new GZipStream(context.Request.Body, CompressionMode.Decompress);
            await gzip.CopyToAsync(body, context.RequestAborted);
        }
        else if (encoding.Length == 0)
        {
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        }
        else
        {
            tally.Reject();
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        try
        {
            tally.Add(OtlpSpanCounter.Count(body.GetBuffer().AsSpan(0, (int)body.Length)));
        }
        catch (FormatException)
        {
            tally.Reject();
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        context.Response.ContentType = "application/x-protobuf";
        context.Response.ContentLength = 0;
    }
}
