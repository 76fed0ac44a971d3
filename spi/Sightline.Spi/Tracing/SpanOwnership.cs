namespace Sightline.Spi.Tracing;

/// <summary>How a <see cref="TracingSpan"/> handle relates to the Activity it points at.</summary>
public enum SpanOwnership
{
    /// <summary>The handle created the Activity: stopping the handle stops it.</summary>
    Owned = 0,

    /// <summary>
    /// An Entry opened inside an Entry (a framework and a library on one request): the handle shares the outer
    /// span, its writes win (the innermost details are the most precise) and stopping it stops nothing.
    /// </summary>
    NestedEntry = 1,

    /// <summary>
    /// An Exit opened inside an Exit for the same call (two plugins on one HTTP request): the handle shares the
    /// outer span, its writes are ignored (the outer plugin owns the span) and stopping it stops nothing.
    /// </summary>
    NestedExit = 2,

    /// <summary>
    /// An Activity created by the framework or the application's own instrumentation (for example ASP.NET Core's
    /// request Activity) that the tracer took over instead of opening a duplicate child; its creator stops it.
    /// </summary>
    Adopted = 3,
}
