using System.Diagnostics;

namespace Sightline.Core.Tracing.Sampling;

/// <summary>Records every new trace.</summary>
public sealed class AlwaysOnSampler : ITraceSampler
{
    /// <inheritdoc />
    public bool ShouldSample(ActivityTraceId traceId) => true;
}
