namespace Sightline.Storage.Model;

/// <summary>One span as the stores write it: the indexed columns, the payload and the searchable tags.</summary>
public sealed record SpanRecord(
    TraceId TraceId,
    ulong SpanId,
    ulong ParentSpanId,
    string Service,
    string Operation,
    string SpanKind,
    long StartNanos,
    long DurationNanos,
    SpanFormat Format,
    byte[] Payload,
    IReadOnlyList<KeyValuePair<string, string>> SearchTags);
