namespace Sightline.Core.Diagnostics;

/// <summary>Why a span was lost; the <c>reason</c> tag of <c>sightline.spans.dropped</c>.</summary>
public enum DropReason
{
    /// <summary>Its channel was full (drop-newest, or a blocking offer that timed out).</summary>
    BufferFull,

    /// <summary>Evicted from a full channel to make room for a newer span (overwrite-oldest).</summary>
    Overwritten,

    /// <summary>Evicted from an exporter's retry backlog when the backlog hit its memory bound.</summary>
    RetryBacklogFull,

    /// <summary>The backend rejected the batch for good.</summary>
    Rejected,

    /// <summary>An export failed and nobody was left to retry it.</summary>
    ExportFailed,

    /// <summary>Still queued when the shutdown deadline passed, or offered after shutdown.</summary>
    Shutdown,
}
