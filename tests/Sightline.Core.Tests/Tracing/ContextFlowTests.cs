using System.Diagnostics;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tests.Tracing;

/// <summary>The active span flows wherever the execution context flows, and never from one request into another.</summary>
public sealed class ContextFlowTests
{
    [Fact]
    public async Task Spans_after_await_are_children_of_the_span_active_before_it()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /");
        await Task.Yield();
        await Task.Delay(1, TestContext.Current.CancellationToken);
        var child = scope.Tracer.CreateLocalSpan("after await");
        child.Stop();
        entry.Stop();

        AssertChild(entry, scope.Sink.Single("after await"));
    }

    [Fact]
    public async Task Task_run_and_the_thread_pool_carry_the_context()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /");
        await Task.Run(() => scope.Tracer.CreateLocalSpan("task.run").Stop(), TestContext.Current.CancellationToken);
        var done = new TaskCompletionSource();
        ThreadPool.QueueUserWorkItem(_ =>
        {
            scope.Tracer.CreateLocalSpan("pool").Stop();
            done.SetResult();
        });
        await done.Task;
        entry.Stop();

        AssertChild(entry, scope.Sink.Single("task.run"));
        AssertChild(entry, scope.Sink.Single("pool"));
    }

    [Fact]
    public void Parallel_foreach_bodies_are_children_of_the_span_that_started_the_loop()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /");
        Parallel.ForEach(Enumerable.Range(0, 16), new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var item = scope.Tracer.CreateLocalSpan("item");
            item.SetTag("i", i);
            scope.Tracer.CreateLocalSpan("nested").Stop();
            item.Stop();
        });
        entry.Stop();

        var items = scope.Sink.Spans.Where(s => s.DisplayName == "item").ToList();
        Assert.Equal(16, items.Count);
        Assert.All(items, i => AssertChild(entry, i));
        var nested = scope.Sink.Spans.Where(s => s.DisplayName == "nested").ToList();
        Assert.All(nested, n => Assert.Contains(items, i => i.SpanId == n.ParentSpanId));
        Assert.Equal(16, nested.Select(n => n.ParentSpanId).Distinct().Count());
    }

    [Fact]
    public async Task Timers_carry_the_context_of_the_code_that_created_them()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /");
        var fired = new TaskCompletionSource();
        using (var timer = new Timer(_ =>
        {
            scope.Tracer.CreateLocalSpan("timer").Stop();
            fired.TrySetResult();
        }, null, 1, Timeout.Infinite))
        {
            await fired.Task;
        }

        entry.Stop();
        AssertChild(entry, scope.Sink.Single("timer"));
    }

    [Fact]
    public async Task Context_does_not_leak_from_one_request_into_the_next()
    {
        using var scope = new TracerScope();
        var requests = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            var entry = scope.Entry($"GET /{i}");
            await Task.Yield();
            scope.Tracer.CreateLocalSpan($"work {i}").Stop();
            entry.Stop();
            return Activity.Current;
        }, TestContext.Current.CancellationToken)).ToList();
        var leftovers = await Task.WhenAll(requests);

        Assert.All(leftovers, Assert.Null);
        for (var i = 0; i < 20; i++)
        {
            var entry = scope.Sink.Single($"GET /{i}");
            Assert.False(entry.Parent is not null || entry.ParentSpanId != default, "each request is a root");
            AssertChild(entry, scope.Sink.Single($"work {i}"));
        }

        Assert.Equal(20, scope.Sink.Spans.Select(s => s.TraceId).Distinct().Count());
        Assert.Null(Activity.Current);
    }

    [Fact]
    public void Sequential_requests_on_one_thread_start_fresh_traces()
    {
        using var scope = new TracerScope();
        var first = scope.Entry("GET /1");
        first.Stop();
        var second = scope.Entry("GET /2");
        var local = scope.Tracer.CreateLocalSpan("work");
        local.Stop();
        second.Stop();

        Assert.NotEqual(first.Activity!.TraceId, second.Activity!.TraceId);
        Assert.Equal(second.Activity.TraceId, local.Activity!.TraceId);
        Assert.NotEqual(first.Activity.GetTagItem(SpanTags.SegmentId), second.Activity.GetTagItem(SpanTags.SegmentId));
    }

    [Fact]
    public async Task A_snapshot_continues_the_trace_on_a_thread_that_did_not_inherit_the_context()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /");
        var snapshot = scope.Tracer.Capture();
        var done = new TaskCompletionSource<Activity?>();

        // UnsafeQueueUserWorkItem does not flow the execution context: the worker starts with no active span.
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            var before = Activity.Current;
            using (scope.Tracer.Continue(snapshot))
            {
                scope.Tracer.CreateLocalSpan("worker").Stop();
            }

            done.SetResult(before ?? Activity.Current);
        }, null);
        Assert.Null(await done.Task);
        entry.Stop();

        var worker = scope.Sink.Single("worker");
        AssertChild(entry, worker);
        Assert.Equal(entry.Activity!.GetTagItem(SpanTags.SegmentId), worker.GetTagItem(SpanTags.SegmentId));
    }

    [Fact]
    public async Task A_snapshot_continues_even_after_its_span_has_stopped()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /");
        var local = scope.Tracer.CreateLocalSpan("enqueue");
        var snapshot = scope.Tracer.Capture();
        local.Stop();

        var worker = new TaskCompletionSource();
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            using (scope.Tracer.Continue(snapshot))
            {
                var span = scope.Tracer.CreateLocalSpan("dequeue");
                var outgoing = Carriers.Empty();
                scope.Exit("GET /dep", outgoing).Stop();
                span.Stop();
            }

            worker.SetResult();
        }, null);
        await worker.Task;
        entry.Stop();

        var dequeue = scope.Sink.Single("dequeue");
        Assert.Equal(local.Activity!.SpanId, dequeue.ParentSpanId);
        Assert.Equal(entry.Activity!.TraceId, dequeue.TraceId);
        Assert.Equal(entry.Activity.GetTagItem(SpanTags.SegmentId), dequeue.GetTagItem(SpanTags.SegmentId));
        Assert.Equal(dequeue.SpanId, scope.Sink.Single("GET /dep").ParentSpanId);
    }

    [Fact]
    public void Continuing_an_empty_snapshot_does_nothing()
    {
        using var scope = new TracerScope();
        var snapshot = scope.Tracer.Capture();
        Assert.False(snapshot.IsValid);
        using (scope.Tracer.Continue(snapshot))
        {
            Assert.Null(Activity.Current);
        }
    }

    [Fact]
    public async Task An_async_span_is_finished_on_another_thread_without_disturbing_either_thread()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /");

        // What a plugin does for a Task-returning call: open, detach when the method returns, finish on completion.
        var call = scope.Exit("GET /slow", Carriers.Empty()).PrepareForAsync();
        Assert.Same(entry.Activity, Activity.Current);
        var sibling = scope.Tracer.CreateLocalSpan("meanwhile");
        sibling.Stop();

        var finishedOn = await Task.Run(() =>
        {
            var other = scope.Tracer.CreateLocalSpan("other thread work");
            call.AsyncFinish();
            var current = Activity.Current;
            other.Stop();
            return current;
        }, TestContext.Current.CancellationToken);
        entry.Stop();

        Assert.Equal("other thread work", finishedOn!.DisplayName);
        AssertChild(entry, scope.Sink.Single("GET /slow"));
        AssertChild(entry, scope.Sink.Single("meanwhile"));
        Assert.Equal(entry.Activity!.GetTagItem(SpanTags.SegmentId), scope.Sink.Single("GET /slow").GetTagItem(SpanTags.SegmentId));
        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task Spans_below_an_async_span_that_outlives_the_entry_stay_in_the_entrys_segment()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /");
        var background = scope.Tracer.CreateLocalSpan("background");
        var snapshot = scope.Tracer.Capture();
        background.PrepareForAsync();
        entry.Stop();

        // The entry, which carried the segment, has stopped: the child still finds the segment through the span
        // above it, and reports it when it stops.
        await Task.Run(() =>
        {
            using (scope.Tracer.Continue(snapshot))
            {
                var child = scope.Tracer.CreateLocalSpan("child");
                scope.Exit("GET /dep", Carriers.Empty()).Stop();
                child.Stop();
            }

            background.AsyncFinish();
        }, TestContext.Current.CancellationToken);

        var segmentId = entry.Activity!.GetTagItem(SpanTags.SegmentId);
        Assert.Equal(entry.Activity.SpanId.ToHexString(), segmentId);
        Assert.Equal(["GET /", "GET /dep", "child", "background"], scope.Sink.Spans.Select(s => s.DisplayName));
        Assert.All(scope.Sink.Spans, s => Assert.Equal(segmentId, s.GetTagItem(SpanTags.SegmentId)));
        AssertChild(background.Activity!, scope.Sink.Single("child"));

        // Every span has stopped, so the segment is complete: continuing it now starts a new one.
        using (scope.Tracer.Continue(snapshot))
        {
            scope.Tracer.CreateLocalSpan("late").Stop();
        }

        var late = scope.Sink.Single("late");
        Assert.Equal(background.Activity!.SpanId, late.ParentSpanId);
        Assert.Equal(late.SpanId.ToHexString(), late.GetTagItem(SpanTags.SegmentId));
    }

    private static void AssertChild(TracingSpan parent, Activity child) => AssertChild(parent.Activity!, child);

    private static void AssertChild(Activity parent, Activity child)
    {
        Assert.Equal(parent.TraceId, child.TraceId);
        Assert.Equal(parent.SpanId, child.ParentSpanId);
    }
}
