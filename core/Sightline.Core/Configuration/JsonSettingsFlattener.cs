using System.Text;
using System.Text.Json;

namespace Sightline.Core.Configuration;

/// <summary>
/// Flattens the configuration file: <c>{"buffer": {"capacity": 10}}</c> becomes <c>buffer.capacity=10</c>, an array a
/// comma-separated list, an object under one of the dictionary keys <c>k=v</c> pairs (values percent-encoded).
/// </summary>
/// <remarks>
/// Over <see cref="Utf8JsonReader"/>, not <see cref="JsonDocument"/>: the document's first use at start-up costs
/// ~10 ms (its row storage is generic code over structs, JIT-compiled since ReadyToRun cannot hold it, and pooled
/// buffers), for a file of a few lines.
/// </remarks>
internal static class JsonSettingsFlattener
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// True when the file is one empty object with only white space and comments around and inside it, as the shipped
    /// file is: seen without <see cref="Utf8JsonReader"/>, whose first use cost the agent's start ~1.2 ms of CPU
    /// (2026-11-25). Anything else, well-formed or not, is left to <see cref="Flatten"/>.
    /// </summary>
    public static bool IsEmptyObject(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith(Encoding.UTF8.Preamble))
        {
            json = json[Encoding.UTF8.Preamble.Length..];
        }

        ReadOnlySpan<byte> expected = "{}"u8;
        var i = 0;
        while (i < json.Length)
        {
            var c = json[i];
            if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                i++;
            }
            else if (json[i..].StartsWith("//"u8))
            {
                var end = json[i..].IndexOf((byte)'\n');
                i = end < 0 ? json.Length : i + end + 1;
            }
            else if (json[i..].StartsWith("/*"u8))
            {
                var end = json[(i + 2)..].IndexOf("*/"u8);
                if (end < 0)
                {
                    return false;
                }

                i += end + 4;
            }
            else if (!expected.IsEmpty && c == expected[0])
            {
                expected = expected[1..];
                i++;
            }
            else
            {
                return false;
            }
        }

        return expected.IsEmpty;
    }

    /// <summary>Adds the file's settings to <paramref name="values"/>; throws <see cref="JsonException"/> on a malformed file.</summary>
    public static void Flatten(ReadOnlySpan<byte> json, ISet<string> dictionaryKeys, Dictionary<string, string> values)
    {
        if (json.StartsWith(Encoding.UTF8.Preamble))
        {
            json = json[Encoding.UTF8.Preamble.Length..];
        }

        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the file must hold one JSON object");
        }

        Section(ref reader, json, string.Empty, dictionaryKeys, values);

        // Anything after the object is malformed; the reader throws on it.
        reader.Read();
    }

    // The reader is on a StartObject; leaves it on the matching EndObject.
    private static void Section(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string prefix, ISet<string> dictionaryKeys, Dictionary<string, string> values)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var key = prefix.Length == 0 ? name : prefix + "." + name;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when dictionaryKeys.Contains(key):
                    values[key] = Pairs(ref reader, json);
                    break;
                case JsonTokenType.StartObject:
                    Section(ref reader, json, key, dictionaryKeys, values);
                    break;
                case JsonTokenType.StartArray:
                    values[key] = List(ref reader, json);
                    break;
                default:
                    values[key] = Scalar(ref reader, json);
                    break;
            }
        }
    }

    private static string Pairs(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var items = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            items.Add(name + "=" + Uri.EscapeDataString(Scalar(ref reader, json)));
        }

        return string.Join(",", items);
    }

    private static string List(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(Scalar(ref reader, json));
        }

        return string.Join(",", items);
    }

    // A scalar's text; a nested object or array (where a scalar was expected) as its JSON text.
    private static string Scalar(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString() ?? string.Empty;
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return string.Empty;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
            default:
                return Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }
}
