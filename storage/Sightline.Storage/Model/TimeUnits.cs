using Google.Protobuf.WellKnownTypes;

namespace Sightline.Storage.Model;

/// <summary>Conversions between nanoseconds since the epoch and the protobuf and .NET time types.</summary>
public static class TimeUnits
{
    public static long ToNanos(Timestamp? timestamp) => timestamp is null ? 0 : SaturatingNanos(timestamp.Seconds, timestamp.Nanos);

    public static long ToNanos(Duration? duration) => duration is null ? 0 : SaturatingNanos(duration.Seconds, duration.Nanos);

    public static Timestamp ToTimestamp(long nanos) => new() { Seconds = Math.DivRem(nanos, 1_000_000_000L, out var rest) - (rest < 0 ? 1 : 0), Nanos = (int)(rest < 0 ? rest + 1_000_000_000L : rest) };

    public static Duration ToDuration(long nanos) => new() { Seconds = nanos / 1_000_000_000L, Nanos = (int)(nanos % 1_000_000_000L) };

    public static long ToNanos(DateTimeOffset time) => (time.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    public static long NowNanos() => ToNanos(DateTimeOffset.UtcNow);

    /// <summary>Microseconds to nanoseconds, clamped instead of overflowing on absurd input.</summary>
    public static long MicrosToNanos(long micros) => micros > long.MaxValue / 1000 ? long.MaxValue : micros < long.MinValue / 1000 ? long.MinValue : micros * 1000;

    private static long SaturatingNanos(long seconds, int nanos)
    {
        if (seconds > (long.MaxValue / 1_000_000_000L) - 1)
        {
            return long.MaxValue;
        }

        if (seconds < (long.MinValue / 1_000_000_000L) + 1)
        {
            return long.MinValue;
        }

        return (seconds * 1_000_000_000L) + nanos;
    }
}
