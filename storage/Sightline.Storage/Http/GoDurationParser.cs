using System.Globalization;

namespace Sightline.Storage.Http;

/// <summary>Parses Go duration strings as the Jaeger UI sends them (<c>1.2s</c>, <c>100ms</c>, <c>500us</c>, <c>1h30m</c>) into nanoseconds.</summary>
public static class GoDurationParser
{
    private static readonly (string Unit, double Nanos)[] Units =
    [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ];

    public static bool TryParse(string? text, out long nanos)
    {
        nanos = 0;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        double total = 0;
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < rest.Length && (char.IsAsciiDigit(rest[numberLength]) || rest[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || !double.TryParse(rest[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            rest = rest[numberLength..];
            var matched = false;
            // Longest unit first among those that share a prefix ("ms" before "m").
            foreach (var (unit, factor) in Units.OrderByDescending(u => u.Unit.Length))
            {
                if (rest.StartsWith(unit, StringComparison.Ordinal))
                {
                    total += number * factor;
                    rest = rest[unit.Length..];
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                return false;
            }
        }

        if (total > long.MaxValue)
        {
            return false;
        }

        nanos = (long)total;
        return true;
    }
}
