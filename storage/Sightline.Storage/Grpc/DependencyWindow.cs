using Google.Protobuf.WellKnownTypes;
using Sightline.Storage.Model;

namespace Sightline.Storage.Grpc;

/// <summary>The time window of a dependencies request: missing bounds mean "the last 24 hours" and "now".</summary>
public static class DependencyWindow
{
    public static (long Start, long End) Of(Timestamp? start, Timestamp? end)
    {
        var endNanos = end is null ? TimeUnits.NowNanos() : TimeUnits.ToNanos(end);
        var startNanos = start is null ? endNanos - (24L * 3600 * 1_000_000_000) : TimeUnits.ToNanos(start);
        if (startNanos > endNanos)
        {
            throw GrpcQueryMapper.Invalid("start_time is after end_time");
        }

        return (startNanos, endNanos);
    }
}
