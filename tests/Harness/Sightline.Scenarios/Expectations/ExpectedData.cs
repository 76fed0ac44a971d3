namespace Sightline.Scenarios.Expectations;

/// <summary>An expected-data file: the segments the scenario must produce (other segments may exist).</summary>
public sealed class ExpectedData
{
    /// <summary>The segments, each matched to a different actual segment.</summary>
    public List<ExpectedSegment> Segments { get; set; } = [];
}

/// <summary>The spans one service records for one trace (one segment), all of them unless <see cref="AllowExtraSpans"/>.</summary>
public sealed class ExpectedSegment
{
    /// <summary>A label other segments' <see cref="ExpectedSpan.RemoteParent"/> refers to.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The service name (a value matcher).</summary>
    public string Service { get; set; } = "not null";

    /// <summary>When true the actual segment may hold spans the file does not list.</summary>
    public bool AllowExtraSpans { get; set; }

    /// <summary>The spans.</summary>
    public List<ExpectedSpan> Spans { get; set; } = [];

    /// <summary>How reports name this segment.</summary>
    public string Label => Name.Length > 0 ? $"'{Name}' (service {Service})" : $"of service {Service}";
}

/// <summary>One expected span; every field is optional, and each value is a matcher (see <see cref="ValueMatcher"/>).</summary>
public sealed class ExpectedSpan
{
    /// <summary>The operation name.</summary>
    public string? Name { get; set; }

    /// <summary>Server, Client, Internal, Producer or Consumer.</summary>
    public string? Kind { get; set; }

    /// <summary>The name of the parent span in the same segment, or <c>none</c> for the segment's first span.</summary>
    public string? Parent { get; set; }

    /// <summary>For a segment's first span: the span of another segment (another service) that called it.</summary>
    public SpanReference? RemoteParent { get; set; }

    /// <summary>The remote peer (host:port) of an Exit span.</summary>
    public string? Peer { get; set; }

    /// <summary>The component (library) that made the span.</summary>
    public string? Component { get; set; }

    /// <summary>The layer: http, database, rpc, messaging, cache.</summary>
    public string? Layer { get; set; }

    /// <summary>true when the span must be an error, false when it must not.</summary>
    public string? Error { get; set; }

    /// <summary>Tags by key.</summary>
    public Dictionary<string, string?> Tags { get; set; } = [];

    /// <summary>Names of events (logs) the span must carry, such as <c>exception</c>.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>How reports name this span.</summary>
    public string Label => $"'{Name ?? "(any name)"}'" + (Kind is null ? string.Empty : $" [{Kind}]");
}

/// <summary>A span of another expected segment: its segment's <see cref="ExpectedSegment.Name"/> and the span's name.</summary>
public sealed class SpanReference
{
    /// <summary>The other segment's name.</summary>
    public string Segment { get; set; } = string.Empty;

    /// <summary>The span's name in that segment.</summary>
    public string Span { get; set; } = string.Empty;

    /// <inheritdoc />
    public override string ToString() => $"{Segment}/{Span}";
}
