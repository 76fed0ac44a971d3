namespace Sightline.Core.Diagnostics;

/// <summary>A snapshot of the partitioned buffer's counters, summed over its channels.</summary>
/// <param name="Offered">Spans handed to the buffer (finished spans).</param>
/// <param name="Accepted">Spans that found room in a channel.</param>
/// <param name="DroppedFull">Spans refused because their channel was full.</param>
/// <param name="Overwritten">Queued spans evicted to make room.</param>
/// <param name="DroppedShutdown">Spans still queued at the shutdown deadline, or offered after shutdown.</param>
/// <param name="Queued">Spans in the channels right now.</param>
public readonly record struct BufferStatistics(long Offered, long Accepted, long DroppedFull, long Overwritten, long DroppedShutdown, long Queued);
