namespace Sightline.Core.Tracing.Propagation;

/// <summary>What one propagator found in an incoming carrier.</summary>
public enum ExtractStatus
{
    /// <summary>None of its fields were present.</summary>
    Absent = 0,

    /// <summary>Its fields were present and valid.</summary>
    Valid = 1,

    /// <summary>A field was present but malformed, too long or hostile; it was ignored.</summary>
    Malformed = 2,
}
