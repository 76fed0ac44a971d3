using System.Text.Json.Serialization;

namespace Sightline.Storage.Http;

/// <summary>The Jaeger query API's response envelope: <c>{data, total, limit, offset, errors}</c>.</summary>
public sealed record QueryEnvelope(
    [property: JsonPropertyName("data")] object? Data,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("errors")] IReadOnlyList<QueryError>? Errors)
{
    public static QueryEnvelope Ok(object data, int total) => new(data, total, 0, 0, null);

    public static QueryEnvelope Error(int code, string message) => new(null, 0, 0, 0, [new QueryError(code, message, null)]);
}

/// <summary>One entry of the envelope's <c>errors</c>; <see cref="TraceId"/> is set for a trace id not found.</summary>
public sealed record QueryError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("traceID"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceId);
