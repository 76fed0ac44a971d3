using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.AspNetCore;

/// <summary>
/// Intercepts <c>void HttpProtocol.ReportApplicationError(Exception? ex)</c>: Kestrel's record of an exception the
/// application threw, called on the request's own flow, where the Entry span is current.
/// </summary>
[TypedInterceptor]
public static class ApplicationErrorInterceptor
{
    /// <summary>Records the exception on the current Entry span, if the tracer owns or adopted it.</summary>
    /// <param name="arg0">The exception, or null.</param>
    public static void OnEnter(Exception? arg0)
    {
        var span = Tracer.ActiveSpan;
        if (arg0 is not null && span.Activity is { } activity && span.Type == SpanType.Entry && activity.GetTagItem(SpanTags.SegmentId) is not null)
        {
            span.RecordException(arg0);
        }
    }
}
