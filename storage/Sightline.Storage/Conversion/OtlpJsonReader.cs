using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Sightline.Storage.Conversion;

/// <summary>
/// Reads OTLP/JSON. It differs from standard protobuf JSON in one way that matters: trace and span ids are hex, not
/// base64. They are rewritten to base64 first, then the protobuf JSON parser (ignoring unknown fields, as OTLP
/// requires) does the rest. Errors carry the JSON path of the bad value.
/// </summary>
public static class OtlpJsonReader
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly HashSet<string> IdFields = ["traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id"];

    /// <summary>Parses an export request; throws <see cref="InvalidSpanException"/> saying what was wrong.</summary>
    public static ExportTraceServiceRequest Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new InvalidSpanException($"malformed JSON: {ex.Message}");
        }

        if (root is not JsonObject)
        {
            throw new InvalidSpanException("the body must be a JSON object with resourceSpans");
        }

        RewriteIds(root, "$");
        try
        {
            return Parser.Parse<ExportTraceServiceRequest>(root.ToJsonString());
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidSpanException($"invalid OTLP JSON: {ex.Message}");
        }
        catch (InvalidJsonException ex)
        {
            throw new InvalidSpanException($"invalid OTLP JSON: {ex.Message}");
        }
        catch (FormatException ex)
        {
            throw new InvalidSpanException($"invalid OTLP JSON: {ex.Message}");
        }
    }

    private static void RewriteIds(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (IdFields.Contains(name) && child is JsonValue value && value.TryGetValue<string>(out var hex))
                    {
                        obj[name] = HexToBase64(hex, $"{path}.{name}");
                    }
                    else if (child is not null)
                    {
                        RewriteIds(child, $"{path}.{name}");
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        RewriteIds(item, $"{path}[{i}]");
                    }
                }

                break;
        }
    }

    private static string HexToBase64(string hex, string path)
    {
        try
        {
            return Convert.ToBase64String(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            throw new InvalidSpanException($"{path} is not a hex string: \"{(hex.Length > 40 ? hex[..40] + "…" : hex)}\"");
        }
    }
}
