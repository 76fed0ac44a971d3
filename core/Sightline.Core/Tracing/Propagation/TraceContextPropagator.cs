using System.Diagnostics;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tracing.Propagation;

/// <summary>
/// W3C Trace Context (<c>traceparent</c>, <c>tracestate</c>), validated strictly: a traceparent that is not exactly
/// the spec's shape (lower-case hex, non-zero ids, known version rules) is rejected and a new trace starts; an
/// invalid tracestate is dropped on its own, keeping the parent.
/// </summary>
public sealed class TraceContextPropagator : IContextPropagator
{
    /// <summary>The traceparent field.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>The tracestate field.</summary>
    public const string TraceState = "tracestate";

    // The spec lets vendors cut tracestate at 512 characters; anything longer is refused rather than parsed.
    private const int MaxTraceStateLength = 512;
    private const int MaxTraceStateMembers = 32;
    private const int MaxTraceParentLength = 256;

    /// <inheritdoc />
    public IReadOnlyList<string> Fields { get; } = [TraceParent, TraceState];

    /// <inheritdoc />
    public ExtractStatus Extract<TCarrier>(TCarrier carrier, CarrierGetter<TCarrier> getter, ExtractedContext context)
    {
        var traceParent = getter(carrier, TraceParent);
        if (traceParent is null)
        {
            return ExtractStatus.Absent;
        }

        if (!TryParseTraceParent(traceParent, out var traceId, out var spanId, out var flags))
        {
            context.MalformedTraceContext = true;
            return ExtractStatus.Malformed;
        }

        var status = ExtractStatus.Valid;
        string? traceState = getter(carrier, TraceState);
        if (traceState is not null && !IsValidTraceState(traceState))
        {
            context.MalformedFields++;
            traceState = null;
        }

        if (!context.HasParent)
        {
            context.Parent = new ActivityContext(traceId, spanId, flags, string.IsNullOrEmpty(traceState) ? null : traceState, isRemote: true);
        }

        return status;
    }

    /// <inheritdoc />
    public void Inject<TCarrier>(in InjectionContext source, TCarrier carrier, CarrierSetter<TCarrier> setter)
    {
        var context = source.Context;
        if (context == default)
        {
            return;
        }

        setter(carrier, TraceParent, Format(context.TraceId, context.SpanId, context.TraceFlags));
        var traceState = source.Activity?.TraceStateString ?? context.TraceState;
        if (!string.IsNullOrEmpty(traceState))
        {
            setter(carrier, TraceState, traceState);
        }
    }

    /// <summary>Formats a version-00 traceparent.</summary>
    public static string Format(ActivityTraceId traceId, ActivitySpanId spanId, ActivityTraceFlags flags)
        => string.Create(55, (traceId, spanId, flags), static (chars, state) =>
        {
            chars[0] = '0';
            chars[1] = '0';
            chars[2] = '-';
            state.traceId.ToHexString().AsSpan().CopyTo(chars[3..]);
            chars[35] = '-';
            state.spanId.ToHexString().AsSpan().CopyTo(chars[36..]);
            chars[52] = '-';
            chars[53] = '0';
            chars[54] = (state.flags & ActivityTraceFlags.Recorded) != 0 ? '1' : '0';
        });

    /// <summary>Parses a traceparent by the W3C rules; false for anything else.</summary>
    public static bool TryParseTraceParent(string value, out ActivityTraceId traceId, out ActivitySpanId spanId, out ActivityTraceFlags flags)
    {
        traceId = default;
        spanId = default;
        flags = default;
        if (value.Length > MaxTraceParentLength)
        {
            return false;
        }

        var span = value.AsSpan().Trim(' ').Trim('\t');
        if (span.Length < 55 || !IsLowerHex(span[..2]) || span[2] != '-' || span[35] != '-' || span[52] != '-')
        {
            return false;
        }

        var version = span[..2];
        if (version.SequenceEqual("ff") || (version.SequenceEqual("00") ? span.Length != 55 : span.Length > 55 && span[55] != '-'))
        {
            return false;
        }

        var traceHex = span.Slice(3, 32);
        var spanHex = span.Slice(36, 16);
        var flagHex = span.Slice(53, 2);
        if (!IsLowerHex(traceHex) || !IsLowerHex(spanHex) || !IsLowerHex(flagHex) || IsAllZeros(traceHex) || IsAllZeros(spanHex))
        {
            return false;
        }

        traceId = ActivityTraceId.CreateFromString(traceHex);
        spanId = ActivitySpanId.CreateFromString(spanHex);
        flags = (HexValue(flagHex[1]) & 1) != 0 ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None;
        return true;
    }

    /// <summary>Checks tracestate against the W3C list-member grammar and size limits.</summary>
    public static bool IsValidTraceState(string value)
    {
        if (value.Length > MaxTraceStateLength)
        {
            return false;
        }

        var members = 0;
        foreach (var range in value.AsSpan().Split(','))
        {
            var member = value.AsSpan(range).Trim(' ').Trim('\t');
            if (member.IsEmpty)
            {
                continue;
            }

            if (++members > MaxTraceStateMembers)
            {
                return false;
            }

            var eq = member.IndexOf('=');
            if (eq <= 0 || !IsValidKey(member[..eq]) || !IsValidStateValue(member[(eq + 1)..]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidKey(ReadOnlySpan<char> key)
    {
        if (key.Length > 256 || !(char.IsAsciiLetterLower(key[0]) || char.IsAsciiDigit(key[0])))
        {
            return false;
        }

        var ats = 0;
        foreach (var c in key)
        {
            if (c == '@')
            {
                ats++;
            }
            else if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '*' or '/'))
            {
                return false;
            }
        }

        return ats <= 1 && key[^1] != '@';
    }

    private static bool IsValidStateValue(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > 256 || value[^1] == ' ')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E || c is ',' or '=')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllZeros(ReadOnlySpan<char> s) => !s.ContainsAnyExcept('0');

    private static int HexValue(char c) => char.IsAsciiDigit(c) ? c - '0' : c - 'a' + 10;
}
