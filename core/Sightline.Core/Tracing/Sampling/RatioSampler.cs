using System.Buffers.Binary;
using System.Diagnostics;

namespace Sightline.Core.Tracing.Sampling;

/// <summary>
/// Records a fixed fraction of new traces. The decision is read from the trace id (its first 8 bytes against a
/// bound, as OpenTelemetry's TraceIdRatioBased), so every service with the same ratio decides the same way.
/// </summary>
public sealed class RatioSampler : ITraceSampler
{
    private readonly long _bound;

    /// <summary>Creates a sampler keeping <paramref name="ratio"/> of new traces (clamped to 0..1).</summary>
    public RatioSampler(double ratio)
    {
        ratio = double.IsNaN(ratio) ? 0 : Math.Clamp(ratio, 0, 1);
        _bound = ratio >= 1 ? long.MaxValue : (long)(ratio * long.MaxValue);
    }

    /// <inheritdoc />
    public bool ShouldSample(ActivityTraceId traceId)
    {
        Span<byte> bytes = stackalloc byte[16];
        traceId.CopyTo(bytes);
        var value = BinaryPrimitives.ReadInt64BigEndian(bytes) & long.MaxValue;
        return _bound == long.MaxValue || value < _bound;
    }
}
