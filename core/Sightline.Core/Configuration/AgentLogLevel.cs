namespace Sightline.Core.Configuration;

/// <summary>The agent log's levels, least severe first.</summary>
public enum AgentLogLevel
{
    /// <summary>Every decision and detail.</summary>
    Debug,

    /// <summary>Start-up, configuration, plugin decisions, periodic statistics.</summary>
    Information,

    /// <summary>Something was skipped or replaced by a default.</summary>
    Warning,

    /// <summary>Something failed; also written to standard error.</summary>
    Error,

    /// <summary>Nothing is written.</summary>
    Off,
}
