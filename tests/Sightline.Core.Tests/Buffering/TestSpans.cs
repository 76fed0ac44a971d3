using System.Diagnostics;

namespace Sightline.Core.Tests.Buffering;

/// <summary>Finished, sampled spans from a real ActivitySource, as the tracer hands them to the buffer.</summary>
internal static class TestSpans
{
    public const string SourceName = "Sightline.Core.Tests.Buffering";

    private static readonly ActivitySource Source = new(SourceName, "1.2.3");
    private static readonly ActivityListener Listener = CreateListener();

    /// <summary>A stopped span named <paramref name="name"/> with two tags; a child of <paramref name="parent"/> when given.</summary>
    public static Activity Finished(string name, Activity? parent = null, ActivityKind kind = ActivityKind.Internal)
    {
        GC.KeepAlive(Listener);
        var context = parent?.Context ?? default;
        var span = Source.StartActivity(name, kind, context) ?? throw new InvalidOperationException("The test listener did not sample the span.");
        span.SetTag("test.name", name);
        span.SetTag("test.number", 42);
        span.Stop();
        return span;
    }

    /// <summary><paramref name="count"/> finished spans named <c>{prefix}-0</c>, <c>{prefix}-1</c>, …</summary>
    public static Activity[] Many(int count, string prefix = "span") =>
        Enumerable.Range(0, count).Select(i => Finished($"{prefix}-{i}")).ToArray();

    private static ActivityListener CreateListener()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
