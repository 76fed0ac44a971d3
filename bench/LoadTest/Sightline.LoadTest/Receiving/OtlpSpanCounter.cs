namespace Sightline.LoadTest.Receiving;

/// <summary>
/// Counts the spans in an OTLP <c>ExportTraceServiceRequest</c> by walking the protobuf wire format
/// (resource_spans = 1 → scope_spans = 2 → spans = 2) without decoding them: the receiver must cost the load test
/// as little as possible, and it only reports how many spans arrived.
/// </summary>
public static class OtlpSpanCounter
{
    private const int ResourceSpansField = 1;
    private const int ScopeSpansField = 2;
    private const int SpansField = 2;

    /// <summary>The number of spans in <paramref name="request"/>; <see cref="FormatException"/> when it is not protobuf.</summary>
    public static int Count(ReadOnlySpan<byte> request)
    {
        var spans = 0;
        var position = 0;
        while (position < request.Length)
        {
            if (NextField(request, ref position, out var resourceSpans) == ResourceSpansField && !resourceSpans.IsEmpty)
            {
                var inResource = 0;
                while (inResource < resourceSpans.Length)
                {
                    if (NextField(resourceSpans, ref inResource, out var scopeSpans) == ScopeSpansField && !scopeSpans.IsEmpty)
                    {
                        var inScope = 0;
                        while (inScope < scopeSpans.Length)
                        {
                            if (NextField(scopeSpans, ref inScope, out _) == SpansField)
                            {
                                spans++;
                            }
                        }
                    }
                }
            }
        }

        return spans;
    }

    // Reads one field at position; returns its number, and its bytes when it is length-delimited (else empty).
    private static int NextField(ReadOnlySpan<byte> message, ref int position, out ReadOnlySpan<byte> payload)
    {
        var key = ReadVarint(message, ref position);
        var field = (int)(key >> 3);
        if (field == 0)
        {
            throw new FormatException($"field number 0 at byte {position}: not an OTLP protobuf message");
        }

        payload = [];
        switch (key & 7)
        {
            case 0:
                ReadVarint(message, ref position);
                break;
            case 1:
                Skip(message, ref position, 8);
                break;
            case 2:
                var length = ReadVarint(message, ref position);
                if (length > (ulong)(message.Length - position))
                {
                    throw new FormatException($"a field of {length} bytes at byte {position} runs past the end of its message");
                }

                payload = message.Slice(position, (int)length);
                position += (int)length;
                break;
            case 5:
                Skip(message, ref position, 4);
                break;
            default:
                throw new FormatException($"wire type {key & 7} at byte {position}: not an OTLP protobuf message");
        }

        return field;
    }

    private static void Skip(ReadOnlySpan<byte> message, ref int position, int count)
    {
        if (count > message.Length - position)
        {
            throw new FormatException($"a fixed-width field at byte {position} runs past the end of its message");
        }

        position += count;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= message.Length)
            {
                throw new FormatException("a varint runs past the end of its message");
            }

            var b = message[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException($"a varint longer than 10 bytes ends at byte {position}");
    }
}
