using System.Diagnostics;

namespace Sightline.Core.Tracing.Propagation;

/// <summary>What the propagators read from an incoming carrier: the remote parent, if any, and its baggage.</summary>
public sealed class ExtractedContext
{
    /// <summary>The remote parent (IsRemote set), or default when no valid parent was found.</summary>
    public ActivityContext Parent { get; set; }

    /// <summary>True when <see cref="Parent"/> holds a valid remote parent.</summary>
    public bool HasParent => Parent != default;

    private List<KeyValuePair<string, string>>? _baggage;

    /// <summary>Baggage entries (W3C <c>baggage</c>, <c>sw8-correlation</c>), in header order; made at the first use.</summary>
    public List<KeyValuePair<string, string>> Baggage => _baggage ??= [];

    /// <summary>True when a propagator found baggage (most requests carry none: no list is made for them).</summary>
    public bool HasBaggage => _baggage is { Count: > 0 };

    /// <summary>The SkyWalking trace id when the parent came from <c>sw8</c> and is not a W3C id (propagated unchanged).</summary>
    public string? ExternalTraceId { get; set; }

    /// <summary>SkyWalking's segment reference of an <c>sw8</c> parent, recorded as tags on the Entry span.</summary>
    public KeyValuePair<string, object?>[]? References { get; set; }

    /// <summary>Number of malformed fields met (each counted once).</summary>
    public int MalformedFields { get; set; }

    /// <summary>True when a trace-context field (traceparent, sw8) was present but rejected.</summary>
    public bool MalformedTraceContext { get; set; }
}
