using System.Buffers;
using System.Collections;
using System.Diagnostics;
using System.Globalization;
using Sightline.Core.Tracing;
using Sightline.Core.Tracing.Context;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Exporting.Otlp;

/// <summary>
/// Writes an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry/proto/collector/trace/v1) straight from
/// <see cref="Activity"/> objects, with no message objects in between: one resource, one scope per ActivitySource, the
/// span fields OpenTelemetry's own exporter writes (ids, trace state, flags with the remote-parent bits, kind, times,
/// attributes, events, links, status). Not thread-safe: one serializer per sender.
/// </summary>
internal sealed class OtlpTraceSerializer
{
    // Status as the legacy tags of OpenTelemetry .NET say it, for Activities whose Status is unset.
    private const string StatusCodeTag = "otel.status_code";
    private const string StatusDescriptionTag = "otel.status_description";

    // Span.flags: bit 8 says whether bit 9 (the parent is remote) is known.
    private const uint HasIsRemote = 0x100;
    private const uint IsRemote = 0x200;

    private readonly ProtobufWriter _writer = new();
    private readonly byte[] _resource;
    private readonly List<ActivitySource> _sources = [];

    /// <param name="resource">The resource's attributes, written once into every request.</param>
    public OtlpTraceSerializer(IReadOnlyList<KeyValuePair<string, object>> resource)
    {
        var writer = new ProtobufWriter(1024);
        foreach (var (key, value) in resource)
        {
            Attribute(writer, 1, key, value);
        }

        _resource = writer.Written.ToArray();
    }

    /// <summary>Serializes <paramref name="batch"/>; the bytes stay valid until the next call.</summary>
    public ArraySegment<byte> Serialize(IReadOnlyList<Activity> batch)
    {
        var writer = _writer;
        writer.Reset();
        _sources.Clear();
        foreach (var activity in batch)
        {
            AddSource(activity.Source);
        }

        var resourceSpans = writer.BeginMessage(1);
        var resource = writer.BeginMessage(1);
        writer.Raw(_resource);
        writer.EndMessage(resource);
        foreach (var source in _sources)
        {
            var scopeSpans = writer.BeginMessage(2);
            var scope = writer.BeginMessage(1);
            writer.String(1, source.Name);
            if (!string.IsNullOrEmpty(source.Version))
            {
                writer.String(2, source.Version);
            }

            writer.EndMessage(scope);
            foreach (var activity in batch)
            {
                if (ReferenceEquals(activity.Source, source))
                {
                    Span(writer, activity);
                }
            }

            writer.EndMessage(scopeSpans);
        }

        writer.EndMessage(resourceSpans);
        return writer.Written;
    }

    // By reference, as the batch is grouped below: List.Contains would ask the default comparer for every span.
    private void AddSource(ActivitySource source)
    {
        foreach (var known in _sources)
        {
            if (ReferenceEquals(known, source))
            {
                return;
            }
        }

        _sources.Add(source);
    }

    private static void Span(ProtobufWriter writer, Activity activity)
    {
        var span = writer.BeginMessage(2);
        Id(writer, 1, activity.TraceId.ToHexString(), 16);
        Id(writer, 2, activity.SpanId.ToHexString(), 8);
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            writer.String(3, activity.TraceStateString);
        }

        if (activity.ParentSpanId != default)
        {
            Id(writer, 4, activity.ParentSpanId.ToHexString(), 8);
        }

        writer.String(5, activity.DisplayName);
        writer.Int64(6, (int)activity.Kind + 1);
        var start = UnixNanoseconds(activity.StartTimeUtc);
        writer.Fixed64(7, start);
        writer.Fixed64(8, start + ((ulong)activity.Duration.Ticks * 100));

        string? legacyCode = null;
        string? legacyDescription = null;
        var hasSegmentId = false;
        foreach (ref readonly var tag in activity.EnumerateTagObjects())
        {
            switch (tag.Key)
            {
                case StatusCodeTag:
                    legacyCode = tag.Value as string;
                    break;
                case StatusDescriptionTag:
                    legacyDescription = tag.Value as string;
                    break;
                case SpanTags.SegmentId:
                    // The first span of a segment may still hold the object (SegmentIds.Write did not run): its id, in place.
                    hasSegmentId = true;
                    Attribute(writer, 9, tag.Key, tag.Value is SegmentContext segment ? segment.Id : tag.Value);
                    break;
                default:
                    Attribute(writer, 9, tag.Key, tag.Value);
                    break;
            }
        }

        // A member span has no tag until SegmentIds.Write appends one: the same attribute, in the same (last) place.
        if (!hasSegmentId && SegmentIds.Inherited(activity) is { } segmentId)
        {
            Attribute(writer, 9, SpanTags.SegmentId, segmentId);
        }

        foreach (ref readonly var activityEvent in activity.EnumerateEvents())
        {
            var message = writer.BeginMessage(11);
            writer.Fixed64(1, UnixNanoseconds(activityEvent.Timestamp.UtcDateTime));
            writer.String(2, activityEvent.Name);
            foreach (ref readonly var tag in activityEvent.EnumerateTagObjects())
            {
                Attribute(writer, 3, tag.Key, tag.Value);
            }

            writer.EndMessage(message);
        }

        foreach (ref readonly var link in activity.EnumerateLinks())
        {
            var message = writer.BeginMessage(13);
            Id(writer, 1, link.Context.TraceId.ToHexString(), 16);
            Id(writer, 2, link.Context.SpanId.ToHexString(), 8);
            if (!string.IsNullOrEmpty(link.Context.TraceState))
            {
                writer.String(3, link.Context.TraceState);
            }

            foreach (ref readonly var tag in link.EnumerateTagObjects())
            {
                Attribute(writer, 4, tag.Key, tag.Value);
            }

            writer.Fixed32(6, (uint)link.Context.TraceFlags | HasIsRemote | (link.Context.IsRemote ? IsRemote : 0));
            writer.EndMessage(message);
        }

        Status(writer, activity, legacyCode, legacyDescription);
        writer.Fixed32(16, (uint)activity.ActivityTraceFlags | HasIsRemote | (activity.HasRemoteParent ? IsRemote : 0));
        writer.EndMessage(span);
    }

    private static void Status(ProtobufWriter writer, Activity activity, string? legacyCode, string? legacyDescription)
    {
        // Status.code: 1 ok, 2 error; unset is the default and not written.
        var (code, description) = activity.Status switch
        {
            ActivityStatusCode.Error => (2, activity.StatusDescription),
            ActivityStatusCode.Ok => (1, null),
            _ when string.Equals(legacyCode, "ERROR", StringComparison.OrdinalIgnoreCase) => (2, legacyDescription),
            _ when string.Equals(legacyCode, "OK", StringComparison.OrdinalIgnoreCase) => (1, null),
            _ => (0, null),
        };
        if (code == 0)
        {
            return;
        }

        var status = writer.BeginMessage(15);
        if (!string.IsNullOrEmpty(description))
        {
            writer.String(2, description);
        }

        writer.Int64(3, code);
        writer.EndMessage(status);
    }

    /// <summary>A <c>KeyValue</c>; a null value is left out, as OpenTelemetry does.</summary>
    private static void Attribute(ProtobufWriter writer, int field, string key, object? value)
    {
        if (value is null || string.IsNullOrEmpty(key))
        {
            return;
        }

        if (value is string text ? writer.TryShortStringAttribute(field, key, text) : value is int number && writer.TryShortIntAttribute(field, key, number))
        {
            return;
        }

        var keyValue = writer.BeginMessage(field);
        writer.String(1, key);
        var any = writer.BeginMessage(2);
        Value(writer, value);
        writer.EndMessage(any);
        writer.EndMessage(keyValue);
    }

    /// <summary>The fields of an <c>AnyValue</c>: string 1, bool 2, int 3, double 4, array 5, bytes 7.</summary>
    private static void Value(ProtobufWriter writer, object value)
    {
        switch (value)
        {
            case string text:
                writer.String(1, text);
                break;
            case bool flag:
                writer.Bool(2, flag);
                break;
            case int number:
                writer.Int64(3, number);
                break;
            case long number:
                writer.Int64(3, number);
                break;
            case double number:
                writer.Double(4, number);
                break;
            case short or byte or sbyte or ushort or uint:
                writer.Int64(3, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong number when number <= long.MaxValue:
                writer.Int64(3, (long)number);
                break;
            case float number:
                writer.Double(4, number);
                break;
            case byte[] bytes:
                writer.Bytes(7, bytes);
                break;
            case Array array:
                var list = writer.BeginMessage(5);
                foreach (var item in (IEnumerable)array)
                {
                    // ArrayValue.values: a null element stays, as an empty AnyValue, so positions keep their meaning.
                    var element = writer.BeginMessage(1);
                    if (item is not null)
                    {
                        Value(writer, item);
                    }

                    writer.EndMessage(element);
                }

                writer.EndMessage(list);
                break;
            default:
                writer.String(1, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }
    }

    /// <summary>
    /// An id as bytes from the hex string the Activity keeps it as: the vectorized decoder, where the id structs'
    /// own CopyTo decodes one character pair at a time.
    /// </summary>
    private static void Id(ProtobufWriter writer, int field, string hex, int length)
    {
        var bytes = writer.BytesOf(field, length);
        if (Convert.FromHexString(hex, bytes, out _, out var written) != OperationStatus.Done || written != length)
        {
            // Never for ids the runtime made; a malformed one is sent as the invalid all-zero id rather than half-filled.
            bytes.Clear();
        }
    }

    private static ulong UnixNanoseconds(DateTime utc) => (ulong)(utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
