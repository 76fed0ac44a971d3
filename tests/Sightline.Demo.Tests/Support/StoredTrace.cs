using System.Text.Json;

namespace Sightline.Demo.Tests.Support;

/// <summary>One trace from the storage server's query API, with parent and depth lookups.</summary>
internal sealed class StoredTrace
{
    private StoredTrace(string id, IReadOnlyList<StoredSpan> spans)
    {
        Id = id;
        Spans = spans;
    }

    public string Id { get; }

    public IReadOnlyList<StoredSpan> Spans { get; }

    public IReadOnlySet<string> Services => Spans.Select(s => s.Service).ToHashSet();

    public static IReadOnlyList<StoredTrace> ReadAll(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("data").EnumerateArray().Select(Read)];
    }

    public StoredSpan? ParentOf(StoredSpan span) => span.ParentId is { } id ? Spans.FirstOrDefault(s => s.Id == id) : null;

    public IReadOnlyList<StoredSpan> ChildrenOf(StoredSpan span) => [.. Spans.Where(s => s.ParentId == span.Id).OrderBy(s => s.Start)];

    public int DepthOf(StoredSpan span)
    {
        var depth = 0;
        for (var parent = ParentOf(span); parent is not null; parent = ParentOf(parent))
        {
            depth++;
            Assert.True(depth <= Spans.Count, $"trace {Id} has a parent cycle through {span}");
        }

        return depth;
    }

    /// <summary>The web UI's "likely root cause": the deepest error span, the earliest of equals.</summary>
    public StoredSpan? DeepestError() =>
        Spans.Where(s => s.IsError).OrderByDescending(DepthOf).ThenBy(s => s.Start).FirstOrDefault();

    /// <summary>The trace as indented lines, for failure messages.</summary>
    public string Describe() =>
        $"trace {Id}:\n" + string.Join('\n', Spans.OrderBy(DepthOf).ThenBy(s => s.Start).Select(s =>
            $"  {new string(' ', 2 * DepthOf(s))}{s}{(s.IsError ? " [error]" : string.Empty)} parent={s.ParentId ?? "-"} id={s.Id}"));

    private static StoredTrace Read(JsonElement trace)
    {
        var processes = trace.GetProperty("processes");
        return new StoredTrace(
            trace.GetProperty("traceID").GetString()!,
            [.. trace.GetProperty("spans").EnumerateArray().Select(s => StoredSpan.Read(s, processes))]);
    }
}
