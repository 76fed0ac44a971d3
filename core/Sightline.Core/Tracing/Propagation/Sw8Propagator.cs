using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tracing.Propagation;

/// <summary>
/// SkyWalking cross-process propagation v3: <c>sw8</c> (eight <c>-</c>-separated fields, base64 where text) and
/// <c>sw8-correlation</c> (at most 3 <c>b64(key):b64(value)</c> pairs, values up to 128 characters).
/// SkyWalking ids are free text; a 32-hex trace id is used as the W3C trace id as is, any other is mapped to one by
/// hashing (every Sightline service maps it the same way) and propagated unchanged. The parent span id is derived
/// from the parent segment and span, and SkyWalking's reference is kept as <c>sw8.*</c> tags on the Entry span.
/// Like SkyWalking's agent, nothing is written for an unsampled trace.
/// </summary>
public sealed class Sw8Propagator : IContextPropagator
{
    /// <summary>The sw8 field.</summary>
    public const string Sw8 = "sw8";

    /// <summary>The sw8-correlation field.</summary>
    public const string Correlation = "sw8-correlation";

    private const int MaxLength = 2048;
    private const int MaxCorrelationElements = 3;
    private const int MaxCorrelationValueLength = 128;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");
    private readonly string _service;
    private readonly string _instance;

    /// <summary>Creates the propagator for this service instance (written into the fields the callee records).</summary>
    public Sw8Propagator(string service, string instance)
    {
        _service = service;
        _instance = instance;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Fields { get; } = [Sw8, Correlation];

    /// <inheritdoc />
    public ExtractStatus Extract<TCarrier>(TCarrier carrier, CarrierGetter<TCarrier> getter, ExtractedContext context)
    {
        var status = ExtractStatus.Absent;
        var sw8 = getter(carrier, Sw8);
        if (sw8 is not null)
        {
            if (TryParse(sw8, out var parsed))
            {
                status = ExtractStatus.Valid;
                if (!context.HasParent)
                {
                    var flags = parsed.Sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None;
                    context.Parent = new ActivityContext(parsed.TraceId, parsed.ParentSpanId, flags, null, isRemote: true);
                    context.ExternalTraceId = parsed.ExternalTraceId;
                    context.References =
                    [
                        new("sw8.parent_segment_id", parsed.Segment),
                        new("sw8.parent_span_id", parsed.SpanIndex),
                        new("sw8.parent_service", parsed.Service),
                        new("sw8.parent_service_instance", parsed.Instance),
                        new("sw8.parent_endpoint", parsed.Endpoint),
                        new("sw8.peer", parsed.Peer),
                    ];
                }
            }
            else
            {
                context.MalformedTraceContext = true;
                status = ExtractStatus.Malformed;
            }
        }

        var correlation = getter(carrier, Correlation);
        if (correlation is not null && !TryReadCorrelation(correlation, context))
        {
            context.MalformedFields++;
            status = ExtractStatus.Malformed;
        }
        else if (correlation is not null && status == ExtractStatus.Absent)
        {
            status = ExtractStatus.Valid;
        }

        return status;
    }

    /// <inheritdoc />
    public void Inject<TCarrier>(in InjectionContext source, TCarrier carrier, CarrierSetter<TCarrier> setter)
    {
        var context = source.Context;
        if (context == default || (context.TraceFlags & ActivityTraceFlags.Recorded) == 0)
        {
            return;
        }

        var traceId = source.Segment?.ExternalTraceId ?? context.TraceId.ToHexString();
        var segment = source.Segment?.Id ?? context.SpanId.ToHexString();
        var endpoint = source.Segment?.Endpoint ?? source.Activity?.DisplayName ?? string.Empty;
        var value = string.Join('-',
            "1",
            B64(traceId),
            B64(segment),
            source.SpanIndex.ToString(CultureInfo.InvariantCulture),
            B64(_service),
            B64(_instance),
            B64(endpoint),
            B64(string.IsNullOrEmpty(source.Peer) ? "-" : source.Peer));
        setter(carrier, Sw8, value);

        if (source.Activity is { } activity)
        {
            var builder = new StringBuilder();
            var count = 0;
            foreach (var (key, item) in activity.Baggage)
            {
                if (item is null || item.Length > MaxCorrelationValueLength || count == MaxCorrelationElements)
                {
                    continue;
                }

                builder.Append(count++ == 0 ? string.Empty : ",").Append(B64(key)).Append(':').Append(B64(item));
            }

            if (count > 0)
            {
                setter(carrier, Correlation, builder.ToString());
            }
        }
    }

    private readonly record struct Parsed(
        bool Sampled, ActivityTraceId TraceId, string? ExternalTraceId, string Segment, int SpanIndex,
        ActivitySpanId ParentSpanId, string Service, string Instance, string Endpoint, string Peer);

    private static bool TryParse(string value, out Parsed parsed)
    {
        parsed = default;
        if (value.Length > MaxLength)
        {
            return false;
        }

        var parts = value.Trim().Split('-');
        if (parts.Length != 8 || parts[0] is not ("0" or "1"))
        {
            return false;
        }

        if (!int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var spanIndex))
        {
            return false;
        }

        if (!TryDecode(parts[1], out var trace) || !TryDecode(parts[2], out var segment) || !TryDecode(parts[4], out var service)
            || !TryDecode(parts[5], out var instance) || !TryDecode(parts[6], out var endpoint) || !TryDecode(parts[7], out var peer))
        {
            return false;
        }

        ActivityTraceId traceId;
        string? external = null;
        if (trace.Length == 32 && !trace.AsSpan().ContainsAnyExcept(LowerHex) && trace.AsSpan().ContainsAnyExcept('0'))
        {
            traceId = ActivityTraceId.CreateFromString(trace);
        }
        else
        {
            traceId = ActivityTraceId.CreateFromBytes(Hash(trace).AsSpan(0, 16));
            external = trace;
        }

        var spanBytes = Hash(segment + "/" + parts[3]).AsSpan(0, 8);
        if (BinaryPrimitives.ReadUInt64BigEndian(spanBytes) == 0)
        {
            spanBytes[7] = 1;
        }

        parsed = new Parsed(parts[0] == "1", traceId, external, segment, spanIndex, ActivitySpanId.CreateFromBytes(spanBytes),
            service, instance, endpoint, peer);
        return true;
    }

    private static bool TryReadCorrelation(string value, ExtractedContext context)
    {
        if (value.Length > MaxLength)
        {
            return false;
        }

        var ok = true;
        var count = 0;
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || count >= MaxCorrelationElements
                || !TryDecode(item[..colon], out var key) || !TryDecode(item[(colon + 1)..], out var decoded)
                || decoded.Length > MaxCorrelationValueLength)
            {
                ok = false;
                continue;
            }

            count++;
            context.Baggage.Add(new(key, decoded));
        }

        return ok;
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static bool TryDecode(string b64, out string text)
    {
        text = string.Empty;
        if (b64.Length == 0)
        {
            return false;
        }

        Span<byte> bytes = b64.Length <= 1024 ? stackalloc byte[b64.Length] : new byte[b64.Length];
        if (!Convert.TryFromBase64String(b64, bytes, out var written) || written == 0)
        {
            return false;
        }

        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[..written]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        // Control characters have no place in an id or a name and would corrupt logs and storage.
        return !text.AsSpan().ContainsAnyInRange('\0', '\u001f');
    }
}
