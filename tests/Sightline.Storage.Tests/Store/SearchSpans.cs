using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Conversion;
using Sightline.Storage.Model;

namespace Sightline.Storage.Tests.Store;

/// <summary>Builds traces of one service for search tests: a root span and one child, with the tags each one gets.</summary>
public sealed class SearchSpans
{
    private readonly ExportTraceServiceRequest _request = new();
    private readonly ScopeSpans _scope = new() { Scope = new InstrumentationScope { Name = "search-tests" } };

    public SearchSpans(string service)
    {
        _request.ResourceSpans.Add(new ResourceSpans
        {
            Resource = new Resource { Attributes = { Tag("service.name", service) } },
            ScopeSpans = { _scope },
        });
    }

    /// <summary>Adds trace <paramref name="trace"/>: root operation <paramref name="operation"/> and a child "child-op", starting at <paramref name="startNanos"/>.</summary>
    public void Add(ulong trace, string operation, long startNanos, long durationNanos, IEnumerable<(string Key, string Value)> rootTags, IEnumerable<(string Key, string Value)> childTags)
    {
        var traceId = new TraceId(0x5e, trace).ToBytes();
        _scope.Spans.Add(Span(traceId, 1, 0, operation, startNanos, durationNanos, rootTags));
        _scope.Spans.Add(Span(traceId, 2, 1, "child-op", startNanos + 1000, durationNanos / 2, childTags));
    }

    public List<SpanRecord> Records() => OtlpSpanRecordFactory.Create(_request);

    public static TraceId IdOf(ulong trace) => new(0x5e, trace);

    private static Span Span(byte[] traceId, ulong spanId, ulong parentId, string name, long start, long duration, IEnumerable<(string Key, string Value)> tags)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(traceId),
            SpanId = ByteString.CopyFrom(BitConverter.GetBytes(spanId).Reverse().ToArray()),
            ParentSpanId = parentId == 0 ? ByteString.Empty : ByteString.CopyFrom(BitConverter.GetBytes(parentId).Reverse().ToArray()),
            Name = name,
            StartTimeUnixNano = (ulong)start,
            EndTimeUnixNano = (ulong)(start + duration),
        };
        span.Attributes.Add(tags.Select(t => Tag(t.Key, t.Value)));
        return span;
    }

    private static KeyValue Tag(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
