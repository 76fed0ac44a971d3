using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Jaeger.Storage.V1;
using Sightline.Storage.Model;
using Sightline.Storage.Tests.Infrastructure;
using JaegerSpan = Jaeger.ApiV2.Span;

namespace Sightline.Storage.Tests.Conformance;

/// <summary>
/// Jaeger's storage_v1-era integration suite (v1.58 fixtures, model JSON): written through SpanWriterPlugin and
/// StreamingSpanWriterPlugin, read through SpanReaderPlugin, as Jaeger v1.x and v2.0–2.5 use a remote storage
/// server. Both backends.
/// </summary>
public sealed class ModelV1ConformanceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task GetServices_GetOperations_and_GetTrace_after_writing_example_trace(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var spans = FixtureSet.ModelV1.ModelTrace("example_trace");
        await WriteAsync(server, spans, streaming: false);
        var reader = new SpanReaderPlugin.SpanReaderPluginClient(server.JaegerChannel());

        var services = await reader.GetServicesAsync(new GetServicesRequest(), cancellationToken: Ct);
        Assert.Equal(["example-service-1", "example-service-2", "example-service-3"], services.Services.Order());

        var operations = await reader.GetOperationsAsync(new GetOperationsRequest { Service = "example-service-1" }, cancellationToken: Ct);
        Assert.Equal(
            [("example-operation-1", string.Empty), ("example-operation-3", "server"), ("example-operation-4", "client")],
            operations.Operations.Select(o => (o.Name, o.SpanKind)).Order());
        Assert.Equal(["example-operation-1", "example-operation-3", "example-operation-4"], operations.OperationNames.Order());

        var trace = await GetTraceAsync(reader, spans[0].TraceId);
        Assert.Null(TraceComparer.Difference(TraceComparer.ModelSpansByTrace(spans), TraceComparer.ModelSpansByTrace(trace)));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task GetTrace_of_an_unknown_id_is_NOT_FOUND_trace_not_found(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var reader = new SpanReaderPlugin.SpanReaderPluginClient(server.JaegerChannel());

        var error = await Assert.ThrowsAsync<RpcException>(() => GetTraceAsync(reader, ByteString.CopyFrom(new TraceId(0, 1).ToBytes())));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("trace not found", error.Status.Detail);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Large_trace_written_through_the_stream_reads_back_in_chunks_of_at_most_1000(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var template = FixtureSet.ModelV1.ModelTrace("example_trace")[0];
        var spans = new List<JaegerSpan>();
        for (var i = 0; i < 10_008; i++)
        {
            var span = template.Clone();
            span.SpanId = ByteString.CopyFrom(BitConverter.GetBytes((ulong)i + 1).Reverse().ToArray());
            span.StartTime = Timestamp.FromDateTime(template.StartTime.ToDateTime().AddSeconds(i));
            spans.Add(span);
        }

        await WriteAsync(server, spans, streaming: true);
        var reader = new SpanReaderPlugin.SpanReaderPluginClient(server.JaegerChannel());

        using var call = reader.GetTrace(new GetTraceRequest { TraceId = template.TraceId }, cancellationToken: Ct);
        var chunks = new List<SpansResponseChunk>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(Ct))
        {
            chunks.Add(chunk);
        }

        Assert.All(chunks, c => Assert.InRange(c.Spans.Count, 1, 1000));
        Assert.Null(TraceComparer.Difference(TraceComparer.ModelSpansByTrace(spans), TraceComparer.ModelSpansByTrace(chunks.SelectMany(c => c.Spans))));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Every_query_case_finds_exactly_its_expected_traces(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var fixtures = FixtureSet.ModelV1;
        var queries = fixtures.Queries();
        Assert.Equal(22, queries.Count);
        var written = new Dictionary<string, IReadOnlyList<JaegerSpan>>();
        var streaming = false;
        foreach (var name in queries.SelectMany(q => q.ExpectedFixtures).Distinct())
        {
            written[name] = fixtures.ModelTrace(name);
            // Half the fixtures go through each write API.
            await WriteAsync(server, written[name], streaming = !streaming);
        }

        var reader = new SpanReaderPlugin.SpanReaderPluginClient(server.JaegerChannel());
        var failures = new List<string>();
        foreach (var query in queries)
        {
            var parameters = ToV1(query);
            using var call = reader.FindTraces(new FindTracesRequest { Query = parameters }, cancellationToken: Ct);
            var found = new List<JaegerSpan>();
            TraceId? previous = null;
            var seenTraces = new HashSet<TraceId>();
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(Ct))
            {
                foreach (var span in chunk.Spans)
                {
                    // A trace's spans must be contiguous in the stream: Jaeger's client splits traces on id changes.
                    var id = TraceId.FromBytes(span.TraceId.Span);
                    if (id != previous && !seenTraces.Add(id))
                    {
                        failures.Add($"{query.Caption}: trace {id} is not contiguous in the stream");
                    }

                    previous = id;
                    found.Add(span);
                }
            }

            var expected = TraceComparer.ModelSpansByTrace(query.ExpectedFixtures.SelectMany(f => written[f]));
            if (TraceComparer.Difference(expected, TraceComparer.ModelSpansByTrace(found)) is { } difference)
            {
                failures.Add($"{query.Caption}: {difference}");
            }

            var ids = await reader.FindTraceIDsAsync(new FindTraceIDsRequest { Query = parameters }, cancellationToken: Ct);
            if (ids.TraceIds.Count != expected.Count)
            {
                failures.Add($"{query.Caption}: FindTraceIDs returned {ids.TraceIds.Count} ids, expected {expected.Count}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Capabilities_announce_the_streaming_writer()
    {
        await using var server = await RunningServer.StartAsync("sqlite");
        var client = new PluginCapabilities.PluginCapabilitiesClient(server.JaegerChannel());

        var capabilities = await client.CapabilitiesAsync(new CapabilitiesRequest(), cancellationToken: Ct);

        Assert.True(capabilities.StreamingSpanWriter);
        Assert.False(capabilities.ArchiveSpanReader);
    }

    internal static async Task WriteAsync(RunningServer server, IEnumerable<JaegerSpan> spans, bool streaming)
    {
        if (streaming)
        {
            var client = new StreamingSpanWriterPlugin.StreamingSpanWriterPluginClient(server.JaegerChannel());
            using var call = client.WriteSpanStream(cancellationToken: Ct);
            foreach (var span in spans)
            {
                await call.RequestStream.WriteAsync(new WriteSpanRequest { Span = span }, Ct);
            }

            await call.RequestStream.CompleteAsync();
            await call;
        }
        else
        {
            var client = new SpanWriterPlugin.SpanWriterPluginClient(server.JaegerChannel());
            foreach (var span in spans)
            {
                await client.WriteSpanAsync(new WriteSpanRequest { Span = span }, cancellationToken: Ct);
            }
        }
    }

    private static async Task<List<JaegerSpan>> GetTraceAsync(SpanReaderPlugin.SpanReaderPluginClient reader, ByteString traceId)
    {
        using var call = reader.GetTrace(new GetTraceRequest { TraceId = traceId }, cancellationToken: Ct);
        var spans = new List<JaegerSpan>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(Ct))
        {
            spans.AddRange(chunk.Spans);
        }

        return spans;
    }

    private static TraceQueryParameters ToV1(FixtureQuery query)
    {
        var parameters = new TraceQueryParameters
        {
            ServiceName = query.ServiceName,
            OperationName = query.OperationName,
            StartTimeMin = Timestamp.FromDateTimeOffset(query.StartTimeMin),
            StartTimeMax = Timestamp.FromDateTimeOffset(query.StartTimeMax),
            NumTraces = query.NumTraces,
        };
        if (query.DurationMinNanos > 0)
        {
            parameters.DurationMin = Duration.FromTimeSpan(TimeSpan.FromTicks(query.DurationMinNanos / 100));
        }

        if (query.DurationMaxNanos > 0)
        {
            parameters.DurationMax = Duration.FromTimeSpan(TimeSpan.FromTicks(query.DurationMaxNanos / 100));
        }

        foreach (var (key, value) in query.Tags)
        {
            parameters.Tags[key] = value.GetString()!;
        }

        return parameters;
    }
}
