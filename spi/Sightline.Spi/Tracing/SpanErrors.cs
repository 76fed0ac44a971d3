using System.Diagnostics;

namespace Sightline.Spi.Tracing;

/// <summary>How an exception is written onto a span (OpenTelemetry's exception event, SkyWalking's stack cap).</summary>
public static class SpanErrors
{
    /// <summary>The longest stack text kept, as SkyWalking's agent: a deep recursion must not make a huge span.</summary>
    public const int MaxStackLength = 4000;

    /// <summary>
    /// Adds an <c>exception</c> event (<c>exception.type</c>, <c>exception.message</c>, <c>exception.stacktrace</c>),
    /// the <see cref="SpanTags.ErrorType"/> tag and the Error status to <paramref name="span"/>.
    /// </summary>
    /// <param name="span">The span.</param>
    /// <param name="exception">The exception.</param>
    public static void Record(Activity span, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(span);
        ArgumentNullException.ThrowIfNull(exception);
        var type = exception.GetType().FullName ?? exception.GetType().Name;
        var stack = exception.ToString();
        if (stack.Length > MaxStackLength)
        {
            stack = stack[..MaxStackLength];
        }

        var tags = new ActivityTagsCollection
        {
            ["exception.type"] = type,
            ["exception.message"] = exception.Message,
            ["exception.stacktrace"] = stack,
        };
        span.AddEvent(new ActivityEvent("exception", default, tags));
        span.SetTag(SpanTags.ErrorType, type);
        span.SetStatus(ActivityStatusCode.Error, exception.Message);
    }
}
