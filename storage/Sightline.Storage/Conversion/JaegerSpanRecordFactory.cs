using System.Buffers.Binary;
using Google.Protobuf;
using Jaeger.ApiV2;
using Sightline.Storage.Model;

namespace Sightline.Storage.Conversion;

/// <summary>Turns Jaeger model spans (the storage_v1 write API) into span records, stored in the model encoding.</summary>
public static class JaegerSpanRecordFactory
{
    public static SpanRecord Create(Span? span, string where = "span")
    {
        if (span is null)
        {
            throw new InvalidSpanException($"{where} is missing");
        }

        if (span.TraceId.Length != 16)
        {
            throw new InvalidSpanException($"{where}.trace_id must be 16 bytes, got {span.TraceId.Length}");
        }

        var traceId = TraceId.FromBytes(span.TraceId.Span);
        if (traceId.IsEmpty)
        {
            throw new InvalidSpanException($"{where}.trace_id is all zeroes");
        }

        if (span.SpanId.Length != 8)
        {
            throw new InvalidSpanException($"{where}.span_id must be 8 bytes, got {span.SpanId.Length}");
        }

        if (span.Process is null || string.IsNullOrEmpty(span.Process.ServiceName))
        {
            throw new InvalidSpanException($"{where}.process.service_name is missing");
        }

        var start = TimeUnits.ToNanos(span.StartTime);
        if (start < 0 || start == long.MaxValue)
        {
            throw new InvalidSpanException($"{where}.start_time is out of range");
        }

        var duration = Math.Max(0, TimeUnits.ToNanos(span.Duration));
        return new SpanRecord(
            traceId,
            BinaryPrimitives.ReadUInt64BigEndian(span.SpanId.Span),
            ParentOf(span),
            span.Process.ServiceName,
            span.OperationName,
            KindOf(span),
            start,
            duration,
            SpanFormat.JaegerModel,
            span.ToByteArray(),
            SearchTags(span));
    }

    /// <summary>Jaeger's rule: the parent is the first reference into the same trace.</summary>
    private static ulong ParentOf(Span span)
    {
        foreach (var reference in span.References)
        {
            if (reference.TraceId.Equals(span.TraceId) && reference.SpanId.Length == 8)
            {
                return BinaryPrimitives.ReadUInt64BigEndian(reference.SpanId.Span);
            }
        }

        return 0;
    }

    private static string KindOf(Span span)
    {
        foreach (var tag in span.Tags)
        {
            if (tag.Key == "span.kind" && tag.VType == Jaeger.ApiV2.ValueType.String)
            {
                return tag.VStr;
            }
        }

        return string.Empty;
    }

    internal static List<KeyValuePair<string, string>> SearchTags(Span span)
    {
        var tags = new List<KeyValuePair<string, string>>(span.Tags.Count + span.Process.Tags.Count);
        AddAll(tags, span.Tags);
        AddAll(tags, span.Process.Tags);
        foreach (var log in span.Logs)
        {
            AddAll(tags, log.Fields);
        }

        return tags;
    }

    private static void AddAll(List<KeyValuePair<string, string>> tags, IEnumerable<KeyValue> values)
    {
        foreach (var kv in values)
        {
            if (AttributeText.Of(kv) is { } text)
            {
                tags.Add(new(kv.Key, text));
            }
        }
    }
}
