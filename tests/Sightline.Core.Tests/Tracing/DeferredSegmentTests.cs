using System.Diagnostics;
using Sightline.Core.Configuration;
using Sightline.Core.Tracing;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tests.Tracing;

/// <summary>
/// A Local span that starts a trace gets its segment only when another span joins it; alone, it is a one-span
/// segment delivered and counted when it stops.
/// </summary>
public sealed class DeferredSegmentTests
{
    [Fact]
    public void A_lone_local_span_carries_no_segment_while_it_runs_and_its_own_id_on_export()
    {
        using var scope = new TracerScope();

        var span = scope.Tracer.CreateLocalSpan("alone");
        span.SetTag("k", "v");
        Assert.Null(span.Activity!.GetTagItem(SpanTags.SegmentId));
        Assert.Equal("k", span.Activity.TagObjects.First().Key);
        span.Stop();

        var exported = scope.Sink.Single("alone");
        Assert.Equal(exported.SpanId.ToHexString(), exported.GetTagItem(SpanTags.SegmentId));
        Assert.Equal(1, scope.Tracer.Counters.SpansCreated);
        Assert.Null(Activity.Current);
    }

    [Fact]
    public void Spans_joining_a_local_root_share_its_segment_and_are_counted_when_it_completes()
    {
        using var scope = new TracerScope(new() { Propagators = ["sw8"] });

        var root = scope.Tracer.CreateLocalSpan("root");
        var child = scope.Tracer.CreateLocalSpan("child");
        var outgoing = Carriers.Empty();
        scope.Exit("GET /dep", outgoing).Stop();
        child.Stop();
        Assert.Equal(0, scope.Tracer.Counters.SpansCreated);
        root.Stop();

        var id = root.Activity!.SpanId.ToHexString();
        Assert.All(scope.Sink.Spans, s => Assert.Equal(id, s.GetTagItem(SpanTags.SegmentId)));
        Assert.Equal(3, scope.Sink.Spans.Count);
        Assert.Equal(3, scope.Tracer.Counters.SpansCreated);

        // sw8 names the root's segment and the exit's place in it.
        var sw8 = outgoing["sw8"].Split('-');
        Assert.Equal(id, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(sw8[2])));
        Assert.Equal("2", sw8[3]);
    }

    [Fact]
    public async Task A_snapshot_of_a_local_root_continues_in_its_segment_on_another_thread()
    {
        using var scope = new TracerScope();

        var root = scope.Tracer.CreateLocalSpan("root");
        var snapshot = scope.Tracer.Capture();
        await Task.Run(() =>
        {
            Activity.Current = null;
            using (scope.Tracer.Continue(snapshot))
            {
                scope.Tracer.CreateLocalSpan("continued").Stop();
            }
        }, TestContext.Current.CancellationToken);
        root.Stop();

        var id = root.Activity!.SpanId.ToHexString();
        Assert.Equal(2, scope.Sink.Spans.Count);
        Assert.All(scope.Sink.Spans, s => Assert.Equal(id, s.GetTagItem(SpanTags.SegmentId)));
        Assert.Equal(2, scope.Tracer.Counters.SpansCreated);
    }

    [Fact]
    public void Keep_errors_keeps_a_lone_local_span_that_failed_and_drops_one_that_did_not()
    {
        using var scope = new TracerScope(new() { Sampler = TraceSamplerKind.Ratio, SampleRatio = 0, KeepErrors = true });

        scope.Tracer.CreateLocalSpan("fine").Stop();
        scope.Tracer.CreateLocalSpan("failed").SetError("boom").Stop();

        var kept = scope.Sink.Single("failed");
        Assert.True(kept.Recorded);
        Assert.Single(scope.Sink.Spans);
        Assert.Equal(1, scope.Tracer.Counters.KeptErrorSegments);
        Assert.Equal(1, scope.Tracer.Counters.DroppedUnsampledSegments);
        Assert.Equal(2, scope.Tracer.Counters.SpansCreated);
    }

    [Fact]
    public void The_span_limit_applies_to_spans_joining_a_local_root()
    {
        using var scope = new TracerScope(new() { SpanLimitPerSegment = 2 });

        var root = scope.Tracer.CreateLocalSpan("root");
        var first = scope.Tracer.CreateLocalSpan("first");
        first.Stop();
        var refused = scope.Tracer.CreateLocalSpan("refused");
        root.Stop();

        Assert.False(first.IsNoop);
        Assert.True(refused.IsNoop);
        Assert.Equal(1, scope.Tracer.Counters.SpansOverLimit);
        Assert.Equal(2, scope.Tracer.Counters.SpansCreated);
    }

    [Fact]
    public async Task A_local_root_stopped_while_a_child_joins_on_another_thread_is_counted_and_named_once()
    {
        using var scope = new TracerScope();
        const int Rounds = 2_000;
        using var start = new Barrier(2);
        for (var i = 0; i < Rounds; i++)
        {
            var root = scope.Tracer.CreateLocalSpan("root");

            // The task inherits the root as its current span; the root stops on this thread as the child starts.
            await StopWhileJoining(start, () => root.Stop(), () => scope.Tracer.CreateLocalSpan("child").Stop());
            Assert.Null(Activity.Current);
        }

        var spans = scope.Sink.Spans;
        Assert.Equal(2 * Rounds, spans.Count);

        // Every segment completed and counted each of its spans once, whichever side won.
        Assert.Equal(2 * Rounds, scope.Tracer.Counters.SpansCreated);
        foreach (var child in spans.Where(s => s.DisplayName == "child"))
        {
            // In the root's segment, or (the root stopped first) the first span of its own.
            var id = Assert.IsType<string>(child.GetTagItem(SpanTags.SegmentId));
            Assert.True(id == child.Parent!.SpanId.ToHexString() || id == child.SpanId.ToHexString(), id);
        }

        Assert.All(spans.Where(s => s.DisplayName == "root"), r => Assert.Equal(r.SpanId.ToHexString(), r.GetTagItem(SpanTags.SegmentId)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_span_joining_a_local_roots_created_segment_as_the_root_stops_is_delivered_and_counted(bool firstChildStillRuns)
    {
        // The root's segment already exists (a first child joined it), so the root stops as its carrier: either it is
        // the last running span and closes the segment, or the first child still runs and the segment outlives the
        // root, findable by id. A second child joins on another thread at that moment.
        using var scope = new TracerScope();
        const int Rounds = 2_000;
        using var start = new Barrier(2);
        for (var i = 0; i < Rounds; i++)
        {
            var root = scope.Tracer.CreateLocalSpan("root");
            var first = scope.Tracer.CreateLocalSpan("first");
            if (!firstChildStillRuns)
            {
                first.Stop();
            }
            else
            {
                first.PrepareForAsync();
            }

            Assert.Same(root.Activity, Activity.Current);
            await StopWhileJoining(start, () => root.Stop(), () => scope.Tracer.CreateLocalSpan("second").Stop());
            if (firstChildStillRuns)
            {
                first.AsyncFinish();
            }

            Assert.Null(Activity.Current);
        }

        var spans = scope.Sink.Spans;
        Assert.Equal(3 * Rounds, spans.Count);
        Assert.Equal(3 * Rounds, scope.Tracer.Counters.SpansCreated);
        foreach (var span in spans)
        {
            var id = Assert.IsType<string>(span.GetTagItem(SpanTags.SegmentId));
            var rootId = span.DisplayName == "root" ? span.SpanId.ToHexString() : span.Parent!.SpanId.ToHexString();
            if (span.DisplayName == "second")
            {
                // In the root's segment, or (it had completed) the first span of a segment of its own.
                Assert.True(id == rootId || id == span.SpanId.ToHexString(), id);
            }
            else
            {
                Assert.Equal(rootId, id);
            }
        }
    }

    [Fact]
    public async Task A_span_joining_as_its_entry_stops_on_another_thread_is_delivered_and_counted()
    {
        // A complete segment is never joined again: a span joining it after its last span stopped could not find it
        // through the entry once the entry's tag is the id string (this sink writes it as the entry is delivered).
        using var scope = new TracerScope();
        const int Rounds = 2_000;
        using var start = new Barrier(2);
        for (var i = 0; i < Rounds; i++)
        {
            var entry = scope.Entry("GET /");
            await StopWhileJoining(start, () => entry.Stop(), () => scope.Tracer.CreateLocalSpan("child").Stop());
        }

        Assert.Equal(2 * Rounds, scope.Sink.Spans.Count);
        Assert.Equal(2 * Rounds, scope.Tracer.Counters.SpansCreated);
        Assert.All(scope.Sink.Spans, s => Assert.IsType<string>(s.GetTagItem(SpanTags.SegmentId)));
    }

    // Runs join on another thread, which inherits this one's current span, at the moment stop runs here. Not async:
    // what stop does to this thread's current span must stay visible to the caller.
    private static Task StopWhileJoining(Barrier start, Action stop, Action join)
    {
        var cancel = TestContext.Current.CancellationToken;
        var joining = Task.Run(
            () =>
            {
                start.SignalAndWait(cancel);
                join();
            },
            cancel);
        start.SignalAndWait(cancel);
        stop();
        return joining;
    }
}
