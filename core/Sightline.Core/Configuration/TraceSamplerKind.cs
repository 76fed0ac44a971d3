namespace Sightline.Core.Configuration;

/// <summary>How the tracer decides whether a new trace (one without a sampled parent) is recorded.</summary>
public enum TraceSamplerKind
{
    /// <summary>Every new trace.</summary>
    AlwaysOn = 0,

    /// <summary>A fixed fraction, decided from the trace id so that every service agrees.</summary>
    Ratio = 1,

    /// <summary>At most N new traces per 3-second window, per process (SkyWalking).</summary>
    PerThreeSeconds = 2,
}
