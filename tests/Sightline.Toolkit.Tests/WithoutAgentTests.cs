using System.Diagnostics;

namespace Sightline.Toolkit.Tests;

/// <summary>Without the agent the toolkit does nothing and costs nothing (what it does with the agent: tests/Scenarios/toolkit).</summary>
public sealed class WithoutAgentTests
{
    [Fact]
    public void Local_spans_are_one_shared_inert_instance_and_allocate_nothing()
    {
        var first = LocalSpan.Start("warm-up");
        first.Dispose();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            using var span = LocalSpan.Start("price.lookup").Tag("k", "v").Error(new InvalidOperationException("reused"));
            Assert.Same(first, span);
        }

        // The exception above is the only allocation per iteration; measure without it.
        var exception = new InvalidOperationException("x");
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            using var span = LocalSpan.Start("price.lookup").Tag("k", "v").Error(exception);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(first.IsRecording);
    }

    [Fact]
    public void The_active_span_api_changes_nothing()
    {
        using var activity = new Activity("app's own").Start();

        ActiveSpan.Tag("k", "v");
        ActiveSpan.Log("message");
        ActiveSpan.Error(new InvalidOperationException("x"));

        Assert.Empty(activity.Tags);
        Assert.Empty(activity.Events);
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
        Assert.Equal(string.Empty, ActiveSpan.TraceId());
    }

    [Fact]
    public void Trace_and_span_tag_attributes_only_describe()
    {
        var method = typeof(WithoutAgentTests).GetMethod(nameof(Traced), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

        Assert.Equal("custom", method.GetCustomAttributes(typeof(TraceAttribute), false).Cast<TraceAttribute>().Single().OperationName);
        Assert.Equal("order.id", method.GetParameters()[0].GetCustomAttributes(typeof(SpanTagAttribute), false).Cast<SpanTagAttribute>().Single().Key);
        Assert.Equal(4, Traced(2));
    }

    [Trace("custom")]
    private static int Traced([SpanTag("order.id")] int id) => id * 2;
}
