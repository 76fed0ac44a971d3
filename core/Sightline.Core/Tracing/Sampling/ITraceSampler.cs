using System.Diagnostics;

namespace Sightline.Core.Tracing.Sampling;

/// <summary>Decides whether a new trace (one without a parent) is recorded. Parents decide for their children.</summary>
public interface ITraceSampler
{
    /// <summary>Returns true to record the new trace <paramref name="traceId"/>.</summary>
    bool ShouldSample(ActivityTraceId traceId);
}
