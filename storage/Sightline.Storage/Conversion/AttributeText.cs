using System.Globalization;
using System.Text;
using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using JaegerKeyValue = Jaeger.ApiV2.KeyValue;

namespace Sightline.Storage.Conversion;

/// <summary>The string form of attribute values: what tag searches compare against (Jaeger compares strings).</summary>
public static class AttributeText
{
    /// <summary>The searchable text of a value, or null when it is not searchable (binary, as Jaeger's indexes skip it).</summary>
    public static string? Of(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => Of(value.DoubleValue),
        AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue => Json(value),
        _ => null,
    };

    public static string? Of(JaegerKeyValue kv) => kv.VType switch
    {
        Jaeger.ApiV2.ValueType.String => kv.VStr,
        Jaeger.ApiV2.ValueType.Bool => kv.VBool ? "true" : "false",
        Jaeger.ApiV2.ValueType.Int64 => kv.VInt64.ToString(CultureInfo.InvariantCulture),
        Jaeger.ApiV2.ValueType.Float64 => Of(kv.VFloat64),
        _ => null,
    };

    /// <summary>Shortest round-trip form, as Go's strconv 'g' -1 gives for the values Jaeger stores (72.5 → "72.5").</summary>
    public static string Of(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Arrays and maps become JSON text, the way Jaeger's translator turns them into string tags.</summary>
    public static string Json(AnyValue value)
    {
        var builder = new StringBuilder();
        WriteJson(builder, value);
        return builder.ToString();
    }

    private static void WriteJson(StringBuilder builder, AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                builder.Append(System.Text.Json.JsonSerializer.Serialize(value.StringValue));
                break;
            case AnyValue.ValueOneofCase.BoolValue:
            case AnyValue.ValueOneofCase.IntValue:
            case AnyValue.ValueOneofCase.DoubleValue:
                builder.Append(Of(value));
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                builder.Append('"').Append(value.BytesValue.ToBase64()).Append('"');
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                builder.Append('[');
                for (var i = 0; i < value.ArrayValue.Values.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ",");
                    WriteJson(builder, value.ArrayValue.Values[i]);
                }

                builder.Append(']');
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                builder.Append('{');
                for (var i = 0; i < value.KvlistValue.Values.Count; i++)
                {
                    var kv = value.KvlistValue.Values[i];
                    builder.Append(i == 0 ? string.Empty : ",").Append(System.Text.Json.JsonSerializer.Serialize(kv.Key)).Append(':');
                    WriteJson(builder, kv.Value);
                }

                builder.Append('}');
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    /// <summary>An OTLP value as a Jaeger tag: scalar types keep their type, bytes become BINARY, the rest JSON strings.</summary>
    public static JaegerKeyValue ToJaeger(string key, AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.BoolValue => new JaegerKeyValue { Key = key, VType = Jaeger.ApiV2.ValueType.Bool, VBool = value.BoolValue },
        AnyValue.ValueOneofCase.IntValue => new JaegerKeyValue { Key = key, VType = Jaeger.ApiV2.ValueType.Int64, VInt64 = value.IntValue },
        AnyValue.ValueOneofCase.DoubleValue => new JaegerKeyValue { Key = key, VType = Jaeger.ApiV2.ValueType.Float64, VFloat64 = value.DoubleValue },
        AnyValue.ValueOneofCase.BytesValue => new JaegerKeyValue { Key = key, VType = Jaeger.ApiV2.ValueType.Binary, VBinary = value.BytesValue },
        AnyValue.ValueOneofCase.StringValue => new JaegerKeyValue { Key = key, VStr = value.StringValue },
        null or AnyValue.ValueOneofCase.None => new JaegerKeyValue { Key = key },
        _ => new JaegerKeyValue { Key = key, VStr = Json(value) },
    };

    public static KeyValue ToOtlp(JaegerKeyValue kv) => new()
    {
        Key = kv.Key,
        Value = kv.VType switch
        {
            Jaeger.ApiV2.ValueType.Bool => new AnyValue { BoolValue = kv.VBool },
            Jaeger.ApiV2.ValueType.Int64 => new AnyValue { IntValue = kv.VInt64 },
            Jaeger.ApiV2.ValueType.Float64 => new AnyValue { DoubleValue = kv.VFloat64 },
            Jaeger.ApiV2.ValueType.Binary => new AnyValue { BytesValue = kv.VBinary ?? ByteString.Empty },
            _ => new AnyValue { StringValue = kv.VStr },
        },
    };
}
