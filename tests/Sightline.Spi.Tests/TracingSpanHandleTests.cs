using System.Diagnostics;
using System.Runtime.CompilerServices;
using Sightline.Spi.Tracing;

namespace Sightline.Spi.Tests;

/// <summary>The span handle on its own: what stopping it does, and its size.</summary>
public sealed class TracingSpanHandleTests
{
    [Fact]
    public void The_handle_is_sixteen_bytes_so_that_it_is_returned_in_registers()
    {
        // A third field (the handle once held its tracer) made a Local span 1-3 % dearer: see TracingSpan's remarks.
        Assert.Equal(16, Unsafe.SizeOf<TracingSpan>());
    }

    [Fact]
    public void Stopping_an_owned_span_restores_its_parent_and_leaves_another_current_span_alone()
    {
        using var recorded = new RecordedSource("Sightline.Spi.Tests.Handle");
        var source = recorded.Source;
        var parent = source.StartActivity("parent")!;

        // In order: the parent is current again.
        new TracingSpan(source.StartActivity("child"), SpanType.Local, SpanOwnership.Owned).Stop();
        Assert.Same(parent, Activity.Current);

        // Out of order: a span stopped while another one is current leaves that one current.
        var first = new TracingSpan(source.StartActivity("first"), SpanType.Local, SpanOwnership.Owned);
        var second = source.StartActivity("second")!;
        first.Stop();
        Assert.True(first.Activity!.IsStopped);
        Assert.Same(second, Activity.Current);
        second.Stop();

        // A handle that does not own its span (a nested one, an adopted one) never stops it.
        var nested = new TracingSpan(parent, SpanType.Entry, SpanOwnership.NestedEntry);
        nested.Stop();
        Assert.False(parent.IsStopped);
        parent.Stop();
        Assert.Null(Activity.Current);
    }
}
