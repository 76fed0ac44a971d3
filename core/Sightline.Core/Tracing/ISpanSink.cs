using System.Diagnostics;

namespace Sightline.Core.Tracing;

/// <summary>
/// Where the tracer hands a finished Entry, Local or Exit span: the seam between tracing and buffering.
/// Called on the thread that stopped the span, so an implementation must be cheap and must not throw.
/// </summary>
/// <remarks>
/// A Local or Exit span that joined its parent's segment arrives without its <see cref="Spi.Tracing.SpanTags.SegmentId"/>
/// tag: call <see cref="SegmentIds.Write"/> before the span is exported or read (the buffer's consumers do).
/// </remarks>
public interface ISpanSink
{
    /// <summary>Receives a span that has just stopped (its duration and tags are final).</summary>
    void OnSpanFinished(Activity span);
}
