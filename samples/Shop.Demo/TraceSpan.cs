using System.Text.Json;

namespace Shop.Demo;

/// <summary>One span of a trace as the storage server's query API returns it (Jaeger's JSON model).</summary>
public sealed record TraceSpan(
    string SpanId,
    string? ParentId,
    string Service,
    string Operation,
    string Kind,
    long StartMicros,
    long DurationMicros,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Events)
{
    /// <summary>Error status, or error=true, as Jaeger's mapping of OTLP writes it.</summary>
    public bool IsError =>
        Tags.GetValueOrDefault("error") == "true" || string.Equals(Tags.GetValueOrDefault("otel.status_code"), "ERROR", StringComparison.OrdinalIgnoreCase);

    /// <summary>The recorded exception (<c>Type: message</c>) or the error description, if any.</summary>
    public string? ErrorText
    {
        get
        {
            var exception = Events.FirstOrDefault(e => e.ContainsKey("exception.type"));
            if (exception is not null)
            {
                return $"{exception["exception.type"]}: {exception.GetValueOrDefault("exception.message")}";
            }

            return Tags.GetValueOrDefault("otel.status_description") ?? Tags.GetValueOrDefault("error.type");
        }
    }

    public static TraceSpan Read(JsonElement span, JsonElement processes)
    {
        var tags = ReadFields(span.GetProperty("tags"));
        var parent = span.GetProperty("references").EnumerateArray()
            .Where(r => r.GetProperty("refType").GetString() == "CHILD_OF")
            .Select(r => r.GetProperty("spanID").GetString())
            .FirstOrDefault();
        var service = processes.TryGetProperty(span.GetProperty("processID").GetString()!, out var process)
            ? process.GetProperty("serviceName").GetString()!
            : "?";
        var events = span.TryGetProperty("logs", out var logs)
            ? logs.EnumerateArray().Select(l => ReadFields(l.GetProperty("fields"))).ToList()
            : [];
        return new TraceSpan(
            span.GetProperty("spanID").GetString()!,
            parent,
            service,
            span.GetProperty("operationName").GetString()!,
            KindOf(tags.GetValueOrDefault("span.kind")),
            span.GetProperty("startTime").GetInt64(),
            span.GetProperty("duration").GetInt64(),
            tags,
            events);
    }

    // SkyWalking's span types over OpenTelemetry's kinds: Entry = server/consumer, Exit = client/producer.
    private static string KindOf(string? kind) => kind switch
    {
        "server" or "consumer" => "Entry",
        "client" or "producer" => "Exit",
        _ => "Local",
    };

    private static Dictionary<string, string> ReadFields(JsonElement fields)
    {
        var result = new Dictionary<string, string>();
        foreach (var field in fields.EnumerateArray())
        {
            var value = field.GetProperty("value");
            result[field.GetProperty("key").GetString()!] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => value.GetRawText(),
            };
        }

        return result;
    }
}
