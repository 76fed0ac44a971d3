using System.Diagnostics;
using Sightline.Core.Tracing;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tests.Tracing;

/// <summary>The span API as a plugin uses it: Entry, Local and Exit spans, tags, events, errors, stop.</summary>
public sealed class SpanApiTests
{
    private const string IncomingTrace = "0af7651916cd43dd8448eb211c80319c";
    private const string IncomingSpan = "b7ad6b7169203331";

    [Fact]
    public void Entry_span_from_a_traceparent_header_joins_the_callers_trace_as_a_server_span()
    {
        using var scope = new TracerScope();
        var headers = Carriers.With(("traceparent", $"00-{IncomingTrace}-{IncomingSpan}-01"));

        var entry = scope.Entry("GET /orders", headers);
        entry.Stop();

        var span = scope.Sink.Single("GET /orders");
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal(IncomingTrace, span.TraceId.ToHexString());
        Assert.Equal(IncomingSpan, span.ParentSpanId.ToHexString());
        Assert.True(span.HasRemoteParent);
        Assert.Equal(ActivityTracer.SourceName, span.Source.Name);
        Assert.Equal("Http", span.GetTagItem(SpanTags.Layer));
        Assert.Equal(SpanType.Entry, entry.Type);
    }

    [Fact]
    public void Spans_map_to_activity_kinds_and_nest_under_the_active_span()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("consume orders", layer: SpanLayer.Messaging);
        Assert.Same(entry.Activity, Activity.Current);
        Assert.Same(entry.Activity, scope.Tracer.ActiveSpan.Activity);

        var local = scope.Tracer.CreateLocalSpan("price");
        var outgoing = Carriers.Empty();
        var exit = scope.Exit("SELECT orders", outgoing, "db:5432", SpanLayer.Database);
        exit.Stop();
        var produce = scope.Exit("publish", Carriers.Empty(), "broker:5672", SpanLayer.Messaging);
        produce.Stop();
        local.Stop();
        Assert.Same(entry.Activity, Activity.Current);
        entry.Stop();
        Assert.Null(Activity.Current);

        Assert.Equal(ActivityKind.Consumer, scope.Sink.Single("consume orders").Kind);
        Assert.Equal(ActivityKind.Internal, scope.Sink.Single("price").Kind);
        var db = scope.Sink.Single("SELECT orders");
        Assert.Equal(ActivityKind.Client, db.Kind);
        Assert.Equal("db:5432", db.GetTagItem(SpanTags.Peer));
        Assert.Equal("Database", db.GetTagItem(SpanTags.Layer));
        Assert.Equal(ActivityKind.Producer, scope.Sink.Single("publish").Kind);
        Assert.Equal(local.Activity!.SpanId, db.ParentSpanId);
        Assert.Equal(entry.Activity!.SpanId, local.Activity.ParentSpanId);
    }

    [Fact]
    public void Every_span_of_a_trace_in_this_process_carries_one_segment_id()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /a");
        var local = scope.Tracer.CreateLocalSpan("work");
        var exit = scope.Exit("GET /b", Carriers.Empty());
        exit.Stop();
        local.Stop();
        entry.Stop();
        var other = scope.Entry("GET /other");
        other.Stop();

        var ids = scope.Sink.Spans.Where(s => s.TraceId == entry.Activity!.TraceId).Select(s => s.GetTagItem(SpanTags.SegmentId)).ToList();
        Assert.Equal(3, ids.Count);
        var id = Assert.IsType<string>(ids[0]);
        Assert.All(ids, i => Assert.Equal(id, i));
        Assert.Equal(entry.Activity!.SpanId.ToHexString(), id);
        Assert.NotEqual(id, scope.Sink.Single("GET /other").GetTagItem(SpanTags.SegmentId));
    }

    [Fact]
    public void Exit_span_injects_its_own_context_into_the_outgoing_carrier()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /a");
        var outgoing = Carriers.Empty();
        var exit = scope.Exit("GET /b", outgoing);

        Assert.Equal($"00-{exit.Activity!.TraceId.ToHexString()}-{exit.Activity.SpanId.ToHexString()}-01", outgoing["traceparent"]);
        exit.Stop();
        entry.Stop();
    }

    [Fact]
    public void Tags_events_component_and_errors_are_recorded_on_the_span()
    {
        using var scope = new TracerScope();
        var span = scope.Tracer.CreateLocalSpan("charge");
        span.SetTag("order.id", 42).SetComponent("Payments").SetLayer(SpanLayer.Rpc)
            .AddEvent("retry", [new("attempt", 2)]);
        Exception thrown;
        try
        {
            throw new InvalidOperationException("card declined");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
            span.RecordException(ex);
        }

        span.Stop();

        var done = scope.Sink.Single("charge");
        Assert.Equal(42, done.GetTagItem("order.id"));
        Assert.Equal("Payments", done.GetTagItem(SpanTags.Component));
        Assert.Equal("Rpc", done.GetTagItem(SpanTags.Layer));
        Assert.Equal(ActivityStatusCode.Error, done.Status);
        Assert.Equal("card declined", done.StatusDescription);
        Assert.Equal(typeof(InvalidOperationException).FullName, done.GetTagItem(SpanTags.ErrorType));
        var retry = Assert.Single(done.Events, e => e.Name == "retry");
        Assert.Equal(2, retry.Tags.Single().Value);
        var exception = Assert.Single(done.Events, e => e.Name == "exception");
        var fields = exception.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(typeof(InvalidOperationException).FullName, fields["exception.type"]);
        Assert.Equal("card declined", fields["exception.message"]);
        Assert.Contains(nameof(Tags_events_component_and_errors_are_recorded_on_the_span), (string)fields["exception.stacktrace"]!, StringComparison.Ordinal);
        Assert.NotNull(thrown);
    }

    [Fact]
    public void A_huge_stack_is_cut_to_the_limit()
    {
        using var scope = new TracerScope();
        var span = scope.Tracer.CreateLocalSpan("deep");
        span.RecordException(new InvalidOperationException(new string('x', 10_000)));
        span.Stop();

        var exception = Assert.Single(scope.Sink.Single("deep").Events);
        Assert.Equal(SpanErrors.MaxStackLength, ((string)exception.Tags.Single(t => t.Key == "exception.stacktrace").Value!).Length);
    }

    [Fact]
    public void Stopping_twice_or_out_of_order_keeps_the_active_span_consistent()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /a");
        var outer = scope.Tracer.CreateLocalSpan("outer");
        var inner = scope.Tracer.CreateLocalSpan("inner");

        outer.Stop();
        Assert.Same(inner.Activity, Activity.Current);
        inner.Stop();
        inner.Stop();
        Assert.Same(entry.Activity, Activity.Current);
        entry.Stop();
        Assert.Null(Activity.Current);
        Assert.Equal(3, scope.Sink.Spans.Count);
    }

    [Fact]
    public void Long_operation_names_are_cut_and_empty_ones_create_nothing()
    {
        using var scope = new TracerScope(new() { OperationNameMaxLength = 10 });
        var span = scope.Tracer.CreateLocalSpan(new string('n', 50));
        span.Stop();
        var empty = scope.Tracer.CreateLocalSpan(string.Empty);
        empty.Stop();

        Assert.Equal(new string('n', 10), Assert.Single(scope.Sink.Spans).DisplayName);
        Assert.True(empty.IsNoop);
    }

    [Fact]
    public void A_failing_sink_is_counted_and_never_reaches_the_application()
    {
        Activity.Current = null;
        using var tracer = new ActivityTracer(sink: new ThrowingSink());
        var span = tracer.CreateLocalSpan("work");
        span.Stop();
        Assert.Equal(1, tracer.Counters.SinkFailures);
    }

    [Fact]
    public void A_failing_carrier_setter_is_counted_and_the_span_still_works()
    {
        using var scope = new TracerScope();
        var span = scope.Tracer.CreateExitSpan("GET /x", "x:1", 0, static (_, _, _) => throw new NotSupportedException("read-only"), SpanLayer.Http);
        span.Stop();
        Assert.Equal(1, scope.Tracer.Counters.CarrierFailures);
        Assert.Single(scope.Sink.Spans);
    }

    private sealed class ThrowingSink : ISpanSink
    {
        public void OnSpanFinished(Activity span) => throw new InvalidOperationException("sink down");
    }
}
