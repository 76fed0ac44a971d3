namespace Sightline.Scenarios.Collecting;

/// <summary>A span as the agent exported it, flattened from OTLP.</summary>
public sealed record ActualSpan
{
    /// <summary>The resource's service.name.</summary>
    public required string Service { get; init; }

    /// <summary>Trace id, hex.</summary>
    public required string TraceId { get; init; }

    /// <summary>Span id, hex.</summary>
    public required string SpanId { get; init; }

    /// <summary>Parent span id, hex; empty for a root.</summary>
    public required string ParentSpanId { get; init; }

    /// <summary>The operation name.</summary>
    public required string Name { get; init; }

    /// <summary>Server, Client, Internal, Producer, Consumer or Unspecified.</summary>
    public required string Kind { get; init; }

    /// <summary>True when the status is Error.</summary>
    public required bool IsError { get; init; }

    /// <summary>Attributes as text (numbers invariant, booleans lower case).</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>Event names in order.</summary>
    public required IReadOnlyList<string> Events { get; init; }

    /// <summary>Start, Unix nanoseconds.</summary>
    public required ulong StartNanos { get; init; }

    /// <summary>End, Unix nanoseconds.</summary>
    public required ulong EndNanos { get; init; }

    /// <summary>The segment the span belongs to: the agent's segment id tag, else the trace within the service.</summary>
    public string SegmentId => Tags.TryGetValue("sightline.segment_id", out var id) ? id : "trace:" + TraceId;

    /// <summary>One line for reports.</summary>
    public override string ToString()
    {
        var tags = string.Join(", ", Tags.Where(t => t.Key != "sightline.segment_id").Select(t => $"{t.Key}={t.Value}"));
        return $"'{Name}' [{Kind}]{(IsError ? " ERROR" : string.Empty)} span {SpanId} parent {(ParentSpanId.Length == 0 ? "-" : ParentSpanId)}" +
            (tags.Length > 0 ? $" {{{tags}}}" : string.Empty) + (Events.Count > 0 ? $" events [{string.Join(", ", Events)}]" : string.Empty);
    }
}
