namespace Sightline.Storage.UiTests.Infrastructure;

/// <summary>One span the tests send through OTLP; offsets are relative to the trace's start.</summary>
public sealed class TestSpan
{
    public required string Service { get; init; }

    public required string Name { get; init; }

    public string SpanId { get; init; } = TestTrace.NewSpanId();

    public string? ParentSpanId { get; init; }

    /// <summary>OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.</summary>
    public int Kind { get; init; } = 1;

    public TimeSpan Offset { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromMilliseconds(10);

    public Dictionary<string, string> Attributes { get; init; } = [];

    /// <summary>OTLP status code: 0 unset, 1 ok, 2 error.</summary>
    public int StatusCode { get; init; }

    public string? StatusMessage { get; init; }

    public List<(TimeSpan Offset, string Name, Dictionary<string, string> Attributes)> Events { get; init; } = [];
}
