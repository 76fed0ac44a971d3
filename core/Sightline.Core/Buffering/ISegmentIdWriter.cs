namespace Sightline.Core.Buffering;

/// <summary>
/// An exporter that writes every span's segment id itself, from the segment object or up the parent chain exactly as
/// <see cref="Tracing.SegmentIds.Write"/> would have set the tag, so the buffer's consumer can skip that pass (about
/// 0.2 µs a span: a tag-list lock, and a new tag on every member span). The spans then reach the exporter as the tracer
/// left them. A wrapper answers for what it wraps (all of its exporters, for a fan-out); the consumer asks before every
/// batch, so a wrapper whose exporter is made later may change its answer once it is.
/// </summary>
public interface ISegmentIdWriter
{
    /// <summary>True when a batch handed over now reaches only exporters that write segment ids themselves.</summary>
    bool WritesSegmentIds { get; }
}
