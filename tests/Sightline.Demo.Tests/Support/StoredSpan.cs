using System.Text.Json;

namespace Sightline.Demo.Tests.Support;

/// <summary>One span as the storage server's query API returns it, read by the test itself (not with the demo's code).</summary>
internal sealed record StoredSpan(string Id, string? ParentId, string Service, string Operation, string SpanKind, long Start, JsonElement Json)
{
    public string? Tag(string key) =>
        Json.GetProperty("tags").EnumerateArray().Where(t => t.GetProperty("key").GetString() == key)
            .Select(t => t.GetProperty("value").ValueKind == JsonValueKind.String ? t.GetProperty("value").GetString() : t.GetProperty("value").GetRawText())
            .FirstOrDefault();

    public bool IsError => Tag("error") == "true" || Tag("otel.status_code") == "ERROR";

    /// <summary>SkyWalking's span type: Entry (server), Exit (client), Local (internal).</summary>
    public string Kind => SpanKind switch
    {
        "server" or "consumer" => "Entry",
        "client" or "producer" => "Exit",
        _ => "Local",
    };

    /// <summary>Every field of every log (event) of the span, as one text.</summary>
    public string Events => Json.TryGetProperty("logs", out var logs) ? logs.GetRawText() : string.Empty;

    public override string ToString() => $"{Service} {Kind} '{Operation}'";

    public static StoredSpan Read(JsonElement span, JsonElement processes)
    {
        var parent = span.GetProperty("references").EnumerateArray()
            .Where(r => r.GetProperty("refType").GetString() == "CHILD_OF")
            .Select(r => r.GetProperty("spanID").GetString())
            .FirstOrDefault();
        var service = processes.GetProperty(span.GetProperty("processID").GetString()!).GetProperty("serviceName").GetString()!;
        var kind = span.GetProperty("tags").EnumerateArray().Where(t => t.GetProperty("key").GetString() == "span.kind")
            .Select(t => t.GetProperty("value").GetString()!).FirstOrDefault() ?? "internal";
        return new StoredSpan(
            span.GetProperty("spanID").GetString()!,
            parent,
            service,
            span.GetProperty("operationName").GetString()!,
            kind,
            span.GetProperty("startTime").GetInt64(),
            span.Clone());
    }
}
