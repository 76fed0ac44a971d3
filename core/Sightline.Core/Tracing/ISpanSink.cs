using System.Diagnostics;

namespace Sightline.Core.Tracing;

/// <summary>
/// Where the tracer hands a finished Entry, Local or Exit span: the seam between tracing and buffering.
/// Called on the thread that stopped the span, so an implementation must be cheap and must not throw.
/// </summary>
public interface ISpanSink
{
    /// <summary>Receives a span that has just stopped (its duration and tags are final).</summary>
    void OnSpanFinished(Activity span);
}
