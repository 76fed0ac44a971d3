namespace Sightline.Storage.Model;

/// <summary>
/// Jaeger's search: a trace matches when one of its spans matches every criterion; tag values compare as strings.
/// An empty service searches every service.
/// </summary>
public sealed record TraceQuery
{
    public string? Service { get; init; }

    public string? Operation { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    public long StartMinNanos { get; init; }

    public long StartMaxNanos { get; init; } = long.MaxValue;

    public long? DurationMinNanos { get; init; }

    public long? DurationMaxNanos { get; init; }

    public int Limit { get; init; } = 20;
}
