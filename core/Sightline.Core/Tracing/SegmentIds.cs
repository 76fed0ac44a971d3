using System.Diagnostics;
using Sightline.Core.Tracing.Context;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tracing;

/// <summary>
/// Completes the <see cref="SpanTags.SegmentId"/> tag of a finished span for exporters, off the application's
/// thread: the buffer's consumers call this before every export, so exporters and storage see the id string on every
/// span. A Local or Exit span that joined its parent's segment gets no tag while it runs (that would slow every span
/// down): its segment is the one named by the first tag up its parent chain. The first span of a segment holds the
/// segment object, replaced here by its id.
/// </summary>
public static class SegmentIds
{
    /// <summary>
    /// Writes the segment id string on <paramref name="span"/> if it holds the segment object, or has no tag and an
    /// ancestor names its segment; spans that carry the string (or have no traced ancestor) are left alone. Safe to
    /// call more than once.
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

        for (var current = span.Parent; current is not null; current = current.Parent)
        {
            switch (current.GetTagItem(SpanTags.SegmentId))
            {
                case string id:
                    span.SetTag(SpanTags.SegmentId, id);
                    return;
                case SegmentContext segment:
                    span.SetTag(SpanTags.SegmentId, segment.Id);
                    return;
            }
        }
    }
}
