using System.Text;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tracing.Propagation;

/// <summary>
/// W3C Baggage (<c>baggage</c>): <c>key=value;property,...</c> with percent-encoded values. Limits as the spec:
/// 8192 characters and 180 members; a bad member is skipped and counted, the rest kept.
/// </summary>
public sealed class BaggagePropagator : IContextPropagator
{
    /// <summary>The baggage field.</summary>
    public const string Baggage = "baggage";

    private const int MaxLength = 8192;
    private const int MaxMembers = 180;

    /// <inheritdoc />
    public IReadOnlyList<string> Fields { get; } = [Baggage];

    /// <inheritdoc />
    public ExtractStatus Extract<TCarrier>(TCarrier carrier, CarrierGetter<TCarrier> getter, ExtractedContext context)
    {
        var value = getter(carrier, Baggage);
        if (value is null)
        {
            return ExtractStatus.Absent;
        }

        if (value.Length > MaxLength)
        {
            context.MalformedFields++;
            return ExtractStatus.Malformed;
        }

        var bad = 0;
        var members = 0;
        foreach (var range in value.AsSpan().Split(','))
        {
            var member = value.AsSpan(range);
            var semicolon = member.IndexOf(';');
            if (semicolon >= 0)
            {
                member = member[..semicolon];
            }

            member = member.Trim(' ').Trim('\t');
            if (member.IsEmpty)
            {
                continue;
            }

            var eq = member.IndexOf('=');
            if (eq <= 0 || ++members > MaxMembers || !IsToken(member[..eq].TrimEnd(' ')) || !TryDecode(member[(eq + 1)..].Trim(' '), out var decoded))
            {
                bad++;
                continue;
            }

            context.Baggage.Add(new(member[..eq].TrimEnd(' ').ToString(), decoded));
        }

        context.MalformedFields += bad == 0 ? 0 : 1;
        return bad == 0 ? ExtractStatus.Valid : ExtractStatus.Malformed;
    }

    /// <inheritdoc />
    public void Inject<TCarrier>(in InjectionContext source, TCarrier carrier, CarrierSetter<TCarrier> setter)
    {
        if (source.Activity is null)
        {
            return;
        }

        StringBuilder? builder = null;
        var members = 0;
        foreach (var (key, value) in source.Activity.Baggage)
        {
            if (!IsToken(key) || ++members > MaxMembers)
            {
                continue;
            }

            var encoded = Uri.EscapeDataString(value ?? string.Empty);
            builder ??= new StringBuilder();
            if (builder.Length + key.Length + encoded.Length + 2 > MaxLength)
            {
                break;
            }

            builder.Append(builder.Length == 0 ? string.Empty : ",").Append(key).Append('=').Append(encoded);
        }

        if (builder is { Length: > 0 })
        {
            setter(carrier, Baggage, builder.ToString());
        }
    }

    private static bool IsToken(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty)
        {
            return false;
        }

        foreach (var c in key)
        {
            // RFC 7230 tchar.
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryDecode(ReadOnlySpan<char> value, out string decoded)
    {
        decoded = string.Empty;
        for (var i = 0; i < value.Length; i++)
        {
            // baggage-octet plus '%': printable ASCII without space, '"', ',', ';', '\'; '%' starts an escape.
            var c = value[i];
            if (c < 0x21 || c > 0x7E || c is '"' or ',' or ';' or '\\')
            {
                return false;
            }

            if (c == '%' && (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2])))
            {
                return false;
            }
        }

        var text = value.ToString();
        try
        {
            decoded = Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return false;
        }

        return true;
    }
}
