using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Jaeger.ApiV2;
using JaegerProcess = Jaeger.ApiV2.Process;
using JaegerSpan = Jaeger.ApiV2.Span;
using ValueType = Jaeger.ApiV2.ValueType;

namespace Sightline.Core.Exporting.Jaeger;

/// <summary>
/// Turns an <see cref="Activity"/> into a <c>jaeger.api_v2.Span</c> the way Jaeger's own OTLP translator does:
/// big-endian ids, the parent as a CHILD_OF reference, links as FOLLOWS_FROM, kind and status as
/// <c>span.kind</c> / <c>otel.status_code</c> / <c>error</c> tags, events as logs.
/// </summary>
internal static class JaegerSpanConverter
{
    public static JaegerSpan Convert(Activity activity, JaegerProcess process)
    {
        var traceId = TraceIdBytes(activity.TraceId);
        var span = new JaegerSpan
        {
            TraceId = traceId,
            SpanId = SpanIdBytes(activity.SpanId),
            OperationName = activity.DisplayName,
            Flags = activity.Recorded ? 1u : 0u,
            StartTime = Timestamp.FromDateTime(DateTime.SpecifyKind(activity.StartTimeUtc, DateTimeKind.Utc)),
            Duration = Duration.FromTimeSpan(activity.Duration),
            Process = process,
        };

        if (activity.ParentSpanId != default)
        {
            span.References.Add(new SpanRef { TraceId = traceId, SpanId = SpanIdBytes(activity.ParentSpanId), RefType = SpanRefType.ChildOf });
        }

        foreach (var link in activity.Links)
        {
            span.References.Add(new SpanRef
            {
                TraceId = TraceIdBytes(link.Context.TraceId),
                SpanId = SpanIdBytes(link.Context.SpanId),
                RefType = SpanRefType.FollowsFrom,
            });
        }

        foreach (var tag in activity.TagObjects)
        {
            span.Tags.Add(Tag(tag.Key, tag.Value));
        }

        var kind = KindTag(activity.Kind);
        if (kind is not null)
        {
            span.Tags.Add(Tag("span.kind", kind));
        }

        span.Tags.Add(Tag("otel.scope.name", activity.Source.Name));
        if (!string.IsNullOrEmpty(activity.Source.Version))
        {
            span.Tags.Add(Tag("otel.scope.version", activity.Source.Version));
        }

        if (activity.Status == ActivityStatusCode.Error)
        {
            span.Tags.Add(Tag("otel.status_code", "ERROR"));
            span.Tags.Add(Tag("error", true));
            if (!string.IsNullOrEmpty(activity.StatusDescription))
            {
                span.Tags.Add(Tag("otel.status_description", activity.StatusDescription));
            }
        }
        else if (activity.Status == ActivityStatusCode.Ok)
        {
            span.Tags.Add(Tag("otel.status_code", "OK"));
        }

        foreach (var activityEvent in activity.Events)
        {
            var log = new Log { Timestamp = Timestamp.FromDateTimeOffset(activityEvent.Timestamp) };
            log.Fields.Add(Tag("event", activityEvent.Name));
            foreach (var tag in activityEvent.Tags)
            {
                log.Fields.Add(Tag(tag.Key, tag.Value));
            }

            span.Logs.Add(log);
        }

        return span;
    }

    public static JaegerProcess ProcessOf(JaegerStorageExporterSettings settings)
    {
        var process = new JaegerProcess { ServiceName = settings.ServiceName };
        foreach (var (key, value) in settings.ProcessTags)
        {
            process.Tags.Add(Tag(key, value));
        }

        return process;
    }

    /// <summary>16 bytes, big-endian high then low: the byte order of the W3C hex string.</summary>
    public static ByteString TraceIdBytes(ActivityTraceId id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.CopyTo(bytes);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>8 bytes, big-endian.</summary>
    public static ByteString SpanIdBytes(ActivitySpanId id)
    {
        Span<byte> bytes = stackalloc byte[8];
        id.CopyTo(bytes);
        return ByteString.CopyFrom(bytes);
    }

    private static string? KindTag(ActivityKind kind) => kind switch
    {
        ActivityKind.Server => "server",
        ActivityKind.Client => "client",
        ActivityKind.Producer => "producer",
        ActivityKind.Consumer => "consumer",
        _ => null,
    };

    private static KeyValue Tag(string key, object? value) => value switch
    {
        string text => new KeyValue { Key = key, VType = ValueType.String, VStr = text },
        bool flag => new KeyValue { Key = key, VType = ValueType.Bool, VBool = flag },
        int or long or short or byte or sbyte or ushort or uint => new KeyValue { Key = key, VType = ValueType.Int64, VInt64 = System.Convert.ToInt64(value, CultureInfo.InvariantCulture) },
        double or float => new KeyValue { Key = key, VType = ValueType.Float64, VFloat64 = System.Convert.ToDouble(value, CultureInfo.InvariantCulture) },
        byte[] bytes => new KeyValue { Key = key, VType = ValueType.Binary, VBinary = ByteString.CopyFrom(bytes) },
        _ => new KeyValue { Key = key, VType = ValueType.String, VStr = System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty },
    };
}
