using System.Diagnostics;
using Sightline.Core.Tracing.Context;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tracing;

/// <summary>
/// Completes the <see cref="SpanTags.SegmentId"/> tag of a finished span for exporters, off the application's
/// thread: the buffer's consumers call this before every export, so exporters and storage see the id string on every
/// span. A Local or Exit span that joined its parent's segment gets no tag while it runs (that would slow every span
/// down): its segment is the one named by the first tag up its parent chain. The first span of a segment holds the
/// segment object, replaced here by its id; a Local span that started a trace and had no span below it holds nothing
/// and gets its own span id.
/// </summary>
public static class SegmentIds
{
    /// <summary>
    /// Writes the segment id string on <paramref name="span"/> if it holds the segment object, or has no tag and an
    /// ancestor names its segment, or has no tag and no parent and comes from the tracer's source (its own id); spans
    /// that carry the string are left alone. Safe to call more than once.
    /// </summary>
    public static void Write(Activity span)
    {
        ArgumentNullException.ThrowIfNull(span);
        switch (span.GetTagItem(SpanTags.SegmentId))
        {
            case SegmentContext own:
                // The first span of a segment holds the object until it is exported: replacing it on the stopping
                // thread would cost a tag-list lock there.
                span.SetTag(SpanTags.SegmentId, own.Id);
                return;
            case not null:
                return;
        }

        if (Inherited(span) is { } id)
        {
            span.SetTag(SpanTags.SegmentId, id);
        }
    }

    /// <summary>
    /// The segment id of a span that carries no <see cref="SpanTags.SegmentId"/> tag, as <see cref="Write"/> sets it: the
    /// first id up its parent chain, or its own span id when it is a Local span of the tracer that started a trace and
    /// stayed alone; null when it belongs to no segment. For an exporter that writes the id itself instead of having
    /// the tag set (see <c>ISegmentIdWriter</c>).
    /// </summary>
    internal static string? Inherited(Activity span)
    {
        for (var current = span.Parent; current is not null; current = current.Parent)
        {
            switch (current.GetTagItem(SpanTags.SegmentId))
            {
                case string id:
                    return id;
                case SegmentContext segment:
                    return segment.Id;
            }
        }

        // A Local span that started a trace and stayed alone was its own segment, which was never created.
        return span.Parent is null && span.ParentSpanId == default && span.Source.Name == ActivityTracer.SourceName
            ? span.SpanId.ToHexString()
            : null;
    }
}
