using Grpc.Core;
using Microsoft.Extensions.Options;
using Sightline.Storage.Conversion;
using Sightline.Storage.Hosting;
using Sightline.Storage.Model;
using V1 = Jaeger.Storage.V1;
using V2 = Jaeger.Storage.V2;

namespace Sightline.Storage.Grpc;

/// <summary>Turns the storage_v1 and v2 query messages into a <see cref="TraceQuery"/>, refusing contradictions.</summary>
public sealed class GrpcQueryMapper(IOptions<StorageOptions> options)
{
    public TraceQuery Map(V1.TraceQueryParameters? query)
    {
        if (query is null)
        {
            throw Invalid("query is missing");
        }

        return Build(query.ServiceName, query.OperationName, query.Tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value)).ToList(), query.StartTimeMin, query.StartTimeMax, query.DurationMin, query.DurationMax, query.NumTraces);
    }

    public TraceQuery Map(V2.TraceQueryParameters? query)
    {
        if (query is null)
        {
            throw Invalid("query is missing");
        }

        var tags = new List<KeyValuePair<string, string>>();
        foreach (var attribute in query.Attributes)
        {
            tags.Add(new(attribute.Key, TextOf(attribute.Value) ?? throw Invalid($"attribute {attribute.Key} has no searchable value")));
        }

        return Build(query.ServiceName, query.OperationName, tags, query.StartTimeMin, query.StartTimeMax, query.DurationMin, query.DurationMax, query.SearchDepth);
    }

    private static string? TextOf(V2.AnyValue? value) => value?.ValueCase switch
    {
        V2.AnyValue.ValueOneofCase.StringValue => value.StringValue,
        V2.AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        V2.AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        V2.AnyValue.ValueOneofCase.DoubleValue => AttributeText.Of(value.DoubleValue),
        _ => null,
    };

    private TraceQuery Build(
        string service,
        string operation,
        List<KeyValuePair<string, string>> tags,
        Google.Protobuf.WellKnownTypes.Timestamp? startMin,
        Google.Protobuf.WellKnownTypes.Timestamp? startMax,
        Google.Protobuf.WellKnownTypes.Duration? durationMin,
        Google.Protobuf.WellKnownTypes.Duration? durationMax,
        int limit)
    {
        var query = new TraceQuery
        {
            Service = service,
            Operation = operation,
            Tags = tags,
            StartMinNanos = startMin is null ? 0 : TimeUnits.ToNanos(startMin),
            StartMaxNanos = startMax is null ? long.MaxValue : TimeUnits.ToNanos(startMax),
            DurationMinNanos = durationMin is null || TimeUnits.ToNanos(durationMin) == 0 ? null : TimeUnits.ToNanos(durationMin),
            DurationMaxNanos = durationMax is null || TimeUnits.ToNanos(durationMax) == 0 ? null : TimeUnits.ToNanos(durationMax),
            Limit = limit <= 0 ? 100 : Math.Min(limit, options.Value.MaxTracesPerQuery),
        };
        if (query.StartMinNanos > query.StartMaxNanos)
        {
            throw Invalid("start_time_min is after start_time_max");
        }

        if (query.DurationMinNanos > query.DurationMaxNanos)
        {
            throw Invalid("duration_min is greater than duration_max");
        }

        return query;
    }

    public static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
