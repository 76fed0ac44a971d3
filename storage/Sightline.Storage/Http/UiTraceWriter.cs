using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Jaeger.ApiV2;
using Sightline.Storage.Model;

namespace Sightline.Storage.Http;

/// <summary>
/// Writes a trace in the Jaeger UI's JSON: hex ids, times in microseconds, processes deduplicated into
/// <c>p1</c>, <c>p2</c>… in order of first appearance, integers beyond ±(2^53−1) as strings, binary as base64.
/// </summary>
public static class UiTraceWriter
{
    private const long MaxSafeInteger = (1L << 53) - 1;

    public static void Write(Utf8JsonWriter writer, TraceId traceId, IReadOnlyList<Span> spans)
    {
        var processIds = new Dictionary<ByteString, string>();
        var processes = new List<(string Id, Process Process)>();
        writer.WriteStartObject();
        writer.WriteString("traceID", traceId.ToHex());
        writer.WriteStartArray("spans");
        foreach (var span in spans)
        {
            var process = span.Process ?? new Process();
            var key = process.ToByteString();
            if (!processIds.TryGetValue(key, out var processId))
            {
                processId = "p" + (processIds.Count + 1).ToString(CultureInfo.InvariantCulture);
                processIds.Add(key, processId);
                processes.Add((processId, process));
            }

            WriteSpan(writer, span, processId);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("processes");
        foreach (var (id, process) in processes)
        {
            writer.WriteStartObject(id);
            writer.WriteString("serviceName", process.ServiceName);
            WriteTags(writer, "tags", process.Tags);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteNull("warnings");
        writer.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter writer, Span span, string processId)
    {
        writer.WriteStartObject();
        writer.WriteString("traceID", HexTraceId(span.TraceId));
        writer.WriteString("spanID", HexSpanId(span.SpanId));
        if (span.Flags != 0)
        {
            writer.WriteNumber("flags", span.Flags);
        }

        writer.WriteString("operationName", span.OperationName);
        writer.WriteStartArray("references");
        foreach (var reference in span.References)
        {
            writer.WriteStartObject();
            writer.WriteString("refType", reference.RefType == SpanRefType.ChildOf ? "CHILD_OF" : "FOLLOWS_FROM");
            writer.WriteString("traceID", HexTraceId(reference.TraceId));
            writer.WriteString("spanID", HexSpanId(reference.SpanId));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("startTime", TimeUnits.ToNanos(span.StartTime) / 1000);
        writer.WriteNumber("duration", TimeUnits.ToNanos(span.Duration) / 1000);
        WriteTags(writer, "tags", span.Tags);
        writer.WriteStartArray("logs");
        foreach (var log in span.Logs)
        {
            writer.WriteStartObject();
            writer.WriteNumber("timestamp", TimeUnits.ToNanos(log.Timestamp) / 1000);
            WriteTags(writer, "fields", log.Fields);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("processID", processId);
        if (span.Warnings.Count > 0)
        {
            writer.WriteStartArray("warnings");
            foreach (var warning in span.Warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull("warnings");
        }

        writer.WriteEndObject();
    }

    private static void WriteTags(Utf8JsonWriter writer, string name, IEnumerable<Jaeger.ApiV2.KeyValue> tags)
    {
        writer.WriteStartArray(name);
        foreach (var tag in tags)
        {
            writer.WriteStartObject();
            writer.WriteString("key", tag.Key);
            switch (tag.VType)
            {
                case Jaeger.ApiV2.ValueType.Bool:
                    writer.WriteString("type", "bool");
                    writer.WriteBoolean("value", tag.VBool);
                    break;
                case Jaeger.ApiV2.ValueType.Int64:
                    writer.WriteString("type", "int64");
                    if (tag.VInt64 is > MaxSafeInteger or < -MaxSafeInteger)
                    {
                        writer.WriteString("value", tag.VInt64.ToString(CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        writer.WriteNumber("value", tag.VInt64);
                    }

                    break;
                case Jaeger.ApiV2.ValueType.Float64:
                    writer.WriteString("type", "float64");
                    if (double.IsFinite(tag.VFloat64))
                    {
                        writer.WriteNumber("value", tag.VFloat64);
                    }
                    else
                    {
                        writer.WriteString("value", tag.VFloat64.ToString(CultureInfo.InvariantCulture));
                    }

                    break;
                case Jaeger.ApiV2.ValueType.Binary:
                    writer.WriteString("type", "binary");
                    writer.WriteString("value", tag.VBinary.ToBase64());
                    break;
                default:
                    writer.WriteString("type", "string");
                    writer.WriteString("value", tag.VStr);
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static string HexTraceId(ByteString bytes) => bytes.Length == 16 ? TraceId.FromBytes(bytes.Span).ToHex() : Convert.ToHexStringLower(bytes.Span);

    private static string HexSpanId(ByteString bytes) => bytes.Length == 8
        ? BinaryPrimitives.ReadUInt64BigEndian(bytes.Span).ToString("x16", CultureInfo.InvariantCulture)
        : Convert.ToHexStringLower(bytes.Span);
}
