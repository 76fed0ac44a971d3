using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Jaeger.Storage.V2;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Model;
using Sightline.Storage.Tests.Infrastructure;

namespace Sightline.Storage.Tests.Conformance;

/// <summary>
/// Jaeger's current storage integration suite (v2.20 fixtures, OTLP): written through OTLP Export, read through the
/// storage v2 TraceReader and DependencyReader, as Jaeger ≥ 2.6 uses a remote storage server. Both backends.
/// </summary>
public sealed class OtlpConformanceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task GetServices_and_GetOperations_list_what_example_trace_wrote(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        await ExportAsync(server, FixtureSet.Otlp.OtlpTrace("example_trace"));
        var reader = new TraceReader.TraceReaderClient(server.JaegerChannel());

        var services = await reader.GetServicesAsync(new GetServicesRequest(), cancellationToken: Ct);
        Assert.Equal(["example-service-1", "example-service-2", "example-service-3"], services.Services.Order());

        var operations = await reader.GetOperationsAsync(new GetOperationsRequest { Service = "example-service-1" }, cancellationToken: Ct);
        Assert.Equal(
            [("example-operation-1", string.Empty), ("example-operation-3", "server"), ("example-operation-4", "client")],
            operations.Operations.Select(o => (o.Name, o.SpanKind)).Order());

        var servers = await reader.GetOperationsAsync(new GetOperationsRequest { Service = "example-service-1", SpanKind = "server" }, cancellationToken: Ct);
        Assert.Equal(["example-operation-3"], servers.Operations.Select(o => o.Name));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task GetTraces_returns_every_span_and_nothing_for_an_unknown_id(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var fixture = FixtureSet.Otlp.OtlpTrace("example_trace");
        await ExportAsync(server, fixture);
        var reader = new TraceReader.TraceReaderClient(server.JaegerChannel());
        var traceId = fixture.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId;

        var chunks = await GetTracesAsync(reader, traceId);
        Assert.Null(TraceComparer.Difference(TraceComparer.OtlpSpansByTrace(fixture.ResourceSpans), TraceComparer.OtlpSpansByTrace(chunks.SelectMany(c => c.ResourceSpans))));

        // v2: a trace that is not found is simply absent; no error.
        var missing = await GetTracesAsync(reader, ByteString.CopyFrom(new TraceId(0, 1).ToBytes()));
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Large_trace_of_10008_spans_comes_back_in_consecutive_chunks_of_at_most_1000(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var fixture = FixtureSet.Otlp.OtlpTrace("example_trace");
        var template = fixture.ResourceSpans[0];
        var baseSpan = template.ScopeSpans[0].Spans[0];
        var large = new ResourceSpans { Resource = template.Resource, ScopeSpans = { new ScopeSpans { Scope = template.ScopeSpans[0].Scope } } };
        for (var i = 0; i < 10_008; i++)
        {
            var span = baseSpan.Clone();
            span.SpanId = ByteString.CopyFrom(BitConverter.GetBytes((ulong)i + 1).Reverse().ToArray());
            span.StartTimeUnixNano = baseSpan.StartTimeUnixNano + ((ulong)i * 1_000_000_000UL);
            span.EndTimeUnixNano = span.StartTimeUnixNano + 1000;
            large.ScopeSpans[0].Spans.Add(span);
        }

        await ExportAsync(server, new ExportTraceServiceRequest { ResourceSpans = { large } });
        var reader = new TraceReader.TraceReaderClient(server.JaegerChannel());

        var chunks = await GetTracesAsync(reader, baseSpan.TraceId);
        Assert.All(chunks, c => Assert.InRange(c.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count)), 1, 1000));
        Assert.Null(TraceComparer.Difference(TraceComparer.OtlpSpansByTrace([large]), TraceComparer.OtlpSpansByTrace(chunks.SelectMany(c => c.ResourceSpans))));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Duplicate_span_ids_are_kept(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var template = FixtureSet.Otlp.OtlpTrace("example_trace").ResourceSpans[0];
        var baseSpan = template.ScopeSpans[0].Spans[0];
        var trace = new ResourceSpans { Resource = template.Resource, ScopeSpans = { new ScopeSpans() } };
        for (var i = 0; i < 200; i++)
        {
            var span = baseSpan.Clone();
            // Every 20th span reuses the id of the span before it, as Jaeger's GetTraceWithDuplicateSpans does.
            var id = i > 0 && i % 20 == 0 ? i - 1 : i;
            span.SpanId = ByteString.CopyFrom(BitConverter.GetBytes((ulong)id + 1).Reverse().ToArray());
            span.Name = "op-" + i;
            trace.ScopeSpans[0].Spans.Add(span);
        }

        await ExportAsync(server, new ExportTraceServiceRequest { ResourceSpans = { trace } });
        var chunks = await GetTracesAsync(new TraceReader.TraceReaderClient(server.JaegerChannel()), baseSpan.TraceId);

        var spans = chunks.SelectMany(c => c.ResourceSpans).SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).ToList();
        Assert.Equal(200, spans.Count);
        Assert.Equal(200 - 9, spans.Select(s => s.SpanId).Distinct().Count()); // ids reused at 20, 40, …, 180
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Every_query_case_finds_exactly_its_expected_traces(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var fixtures = FixtureSet.Otlp;
        var queries = fixtures.Queries();
        Assert.Equal(25, queries.Count);
        var written = new Dictionary<string, ExportTraceServiceRequest>();
        foreach (var name in queries.SelectMany(q => q.ExpectedFixtures).Distinct())
        {
            written[name] = fixtures.OtlpTrace(name);
            await ExportAsync(server, written[name]);
        }

        var reader = new TraceReader.TraceReaderClient(server.JaegerChannel());
        var failures = new List<string>();
        foreach (var query in queries)
        {
            var request = new FindTracesRequest { Query = ToV2(query) };
            var found = new List<TracesData>();
            using var call = reader.FindTraces(request, cancellationToken: Ct);
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(Ct))
            {
                found.Add(chunk);
            }

            var expected = TraceComparer.OtlpSpansByTrace(query.ExpectedFixtures.SelectMany(f => written[f].ResourceSpans));
            var actual = TraceComparer.OtlpSpansByTrace(found.SelectMany(c => c.ResourceSpans));
            if (TraceComparer.Difference(expected, actual) is { } difference)
            {
                failures.Add($"{query.Caption}: {difference}");
            }

            var ids = await reader.FindTraceIDsAsync(new FindTraceIDsRequest { Query = ToV2(query) }, cancellationToken: Ct);
            if (ids.TraceIds.Count != expected.Count)
            {
                failures.Add($"{query.Caption}: FindTraceIDs returned {ids.TraceIds.Count} ids, expected {expected.Count}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_search_without_service_name_finds_traces_of_every_service(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        await ExportAsync(server, FixtureSet.Otlp.OtlpTrace("span_tags_trace"));
        await ExportAsync(server, FixtureSet.Otlp.OtlpTrace("tags_opname_trace"));
        var reader = new TraceReader.TraceReaderClient(server.JaegerChannel());
        var query = new Jaeger.Storage.V2.TraceQueryParameters
        {
            Attributes = { new Jaeger.Storage.V2.KeyValue { Key = "sameplacetag1", Value = new Jaeger.Storage.V2.AnyValue { StringValue = "sameplacevalue" } } },
            StartTimeMin = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(-3)),
            StartTimeMax = Timestamp.FromDateTime(DateTime.UtcNow),
            SearchDepth = 100,
        };

        var ids = await reader.FindTraceIDsAsync(new FindTraceIDsRequest { Query = query }, cancellationToken: Ct);

        Assert.Equal(2, ids.TraceIds.Count);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Dependencies_are_counted_from_parent_and_child_spans_across_services(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var now = DateTime.UtcNow;
        var request = new ExportTraceServiceRequest();
        // hello → world once, world → hello three times, and a same-service call that is no dependency.
        AddCall(request, "hello", "world", 1, now);
        AddCall(request, "world", "hello", 2, now);
        AddCall(request, "world", "hello", 3, now);
        AddCall(request, "world", "hello", 4, now);
        AddCall(request, "hello", "hello", 5, now);
        await ExportAsync(server, request);

        var reader = new DependencyReader.DependencyReaderClient(server.JaegerChannel());
        var response = await reader.GetDependenciesAsync(
            new GetDependenciesRequest { StartTime = Timestamp.FromDateTime(now.AddMinutes(-1)), EndTime = Timestamp.FromDateTime(now.AddMinutes(5)) },
            cancellationToken: Ct);

        Assert.Equal([("hello", "world", 1UL), ("world", "hello", 3UL)], response.Dependencies.Select(d => (d.Parent, d.Child, d.CallCount)).Order());

        var v1 = new Jaeger.Storage.V1.DependenciesReaderPlugin.DependenciesReaderPluginClient(server.JaegerChannel());
        var v1Response = await v1.GetDependenciesAsync(
            new Jaeger.Storage.V1.GetDependenciesRequest { StartTime = Timestamp.FromDateTime(now.AddMinutes(-1)), EndTime = Timestamp.FromDateTime(now.AddMinutes(5)) },
            cancellationToken: Ct);
        Assert.Equal(2, v1Response.Dependencies.Count);

        var earlier = await reader.GetDependenciesAsync(
            new GetDependenciesRequest { StartTime = Timestamp.FromDateTime(now.AddHours(-3)), EndTime = Timestamp.FromDateTime(now.AddHours(-2)) },
            cancellationToken: Ct);
        Assert.Empty(earlier.Dependencies);
    }

    internal static void AddCall(ExportTraceServiceRequest request, string parentService, string childService, ulong traceLow, DateTime when)
    {
        var traceId = ByteString.CopyFrom(new TraceId(0, traceLow).ToBytes());
        var start = (ulong)TimeUnits.ToNanos(new DateTimeOffset(when));
        request.ResourceSpans.Add(SpanOf(parentService, new OpenTelemetry.Proto.Trace.V1.Span { TraceId = traceId, SpanId = SpanId(1), Name = "call", StartTimeUnixNano = start, EndTimeUnixNano = start + 2000 }));
        request.ResourceSpans.Add(SpanOf(childService, new OpenTelemetry.Proto.Trace.V1.Span { TraceId = traceId, SpanId = SpanId(2), ParentSpanId = SpanId(1), Name = "serve", StartTimeUnixNano = start + 100, EndTimeUnixNano = start + 1000 }));
    }

    internal static ResourceSpans SpanOf(string service, OpenTelemetry.Proto.Trace.V1.Span span) => new()
    {
        Resource = new OpenTelemetry.Proto.Resource.V1.Resource { Attributes = { new OpenTelemetry.Proto.Common.V1.KeyValue { Key = "service.name", Value = new OpenTelemetry.Proto.Common.V1.AnyValue { StringValue = service } } } },
        ScopeSpans = { new ScopeSpans { Spans = { span } } },
    };

    internal static ByteString SpanId(ulong id) => ByteString.CopyFrom(BitConverter.GetBytes(id).Reverse().ToArray());

    internal static async Task ExportAsync(RunningServer server, ExportTraceServiceRequest request)
    {
        var client = new TraceService.TraceServiceClient(server.OtlpChannel());
        await client.ExportAsync(request, cancellationToken: Ct);
    }

    private static async Task<List<TracesData>> GetTracesAsync(TraceReader.TraceReaderClient reader, ByteString traceId)
    {
        using var call = reader.GetTraces(new GetTracesRequest { Query = { new GetTraceParams { TraceId = traceId } } }, cancellationToken: Ct);
        var chunks = new List<TracesData>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(Ct))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    private static Jaeger.Storage.V2.TraceQueryParameters ToV2(FixtureQuery query)
    {
        var parameters = new Jaeger.Storage.V2.TraceQueryParameters
        {
            ServiceName = query.ServiceName,
            OperationName = query.OperationName,
            StartTimeMin = Timestamp.FromDateTimeOffset(query.StartTimeMin),
            StartTimeMax = Timestamp.FromDateTimeOffset(query.StartTimeMax),
            SearchDepth = query.NumTraces,
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
            parameters.Attributes.Add(new Jaeger.Storage.V2.KeyValue
            {
                Key = key,
                Value = value.ValueKind switch
                {
                    JsonValueKind.String => new Jaeger.Storage.V2.AnyValue { StringValue = value.GetString() },
                    JsonValueKind.True or JsonValueKind.False => new Jaeger.Storage.V2.AnyValue { BoolValue = value.GetBoolean() },
                    JsonValueKind.Number when value.TryGetInt64(out var integer) => new Jaeger.Storage.V2.AnyValue { IntValue = integer },
                    _ => new Jaeger.Storage.V2.AnyValue { DoubleValue = value.GetDouble() },
                },
            });
        }

        return parameters;
    }
}
