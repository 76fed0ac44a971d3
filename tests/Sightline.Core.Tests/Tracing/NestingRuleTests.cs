using System.Diagnostics;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tests.Tracing;

/// <summary>SkyWalking's nesting rules, and adoption of the framework's own server and client Activities.</summary>
public sealed class NestingRuleTests
{
    [Fact]
    public void An_exit_inside_an_exit_for_the_same_call_is_one_span_owned_by_the_outer_plugin()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /");
        var outerHeaders = Carriers.Empty();
        var outer = scope.Exit("GET /inventory", outerHeaders, "inventory:80");
        outer.SetComponent("HttpClient");

        var innerHeaders = Carriers.Empty();
        var inner = scope.Exit("POST socket", innerHeaders, "10.0.0.1:80");
        inner.SetComponent("Sockets").SetTag("inner", true);
        inner.Stop();
        Assert.Same(outer.Activity, Activity.Current);
        outer.Stop();
        entry.Stop();

        Assert.Same(outer.Activity, inner.Activity);
        Assert.Equal(SpanOwnership.NestedExit, inner.Ownership);
        var exit = Assert.Single(scope.Sink.Spans, s => s.Kind == ActivityKind.Client);
        Assert.Equal("GET /inventory", exit.DisplayName);
        Assert.Equal("HttpClient", exit.GetTagItem(SpanTags.Component));
        Assert.Equal("inventory:80", exit.GetTagItem(SpanTags.Peer));
        Assert.Null(exit.GetTagItem("inner"));
        Assert.Equal(outerHeaders["traceparent"], innerHeaders["traceparent"]);
    }

    [Fact]
    public void An_entry_inside_an_entry_is_one_span_carrying_the_innermost_name()
    {
        using var scope = new TracerScope();
        var server = scope.Entry("GET /orders/42");
        var mvc = scope.Entry("OrdersController.Get");
        mvc.SetTag("route", "orders/{id}");
        mvc.Stop();
        Assert.Same(server.Activity, Activity.Current);
        server.Stop();

        var entry = Assert.Single(scope.Sink.Spans);
        Assert.Equal("OrdersController.Get", entry.DisplayName);
        Assert.Equal("orders/{id}", entry.GetTagItem("route"));
        Assert.Equal(SpanOwnership.NestedEntry, mvc.Ownership);
    }

    [Fact]
    public void A_local_between_two_exits_lets_the_second_exit_be_its_own_span()
    {
        using var scope = new TracerScope();
        var exit = scope.Exit("GET /a", Carriers.Empty());
        var local = scope.Tracer.CreateLocalSpan("retry policy");
        var second = scope.Exit("GET /a retry", Carriers.Empty());
        second.Stop();
        local.Stop();
        exit.Stop();

        Assert.Equal(3, scope.Sink.Spans.Count);
    }

    [Fact]
    public void The_frameworks_server_and_client_activities_are_adopted_not_duplicated()
    {
        using var framework = new ActivitySource("Test.Framework");
        using var appListener = new ActivityListener
        {
            ShouldListenTo = s => s == framework,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(appListener);
        using var scope = new TracerScope(new() { AdoptedSources = ["Test.Framework"] });

        var request = framework.StartActivity("HttpRequestIn", ActivityKind.Server)!;
        var entry = scope.Entry("GET /orders", Carriers.Empty());
        var call = framework.StartActivity("HttpRequestOut", ActivityKind.Client)!;
        var headers = Carriers.Empty();
        var exit = scope.Exit("GET /stock", headers, "stock:80");
        exit.Stop();
        Assert.False(call.IsStopped);
        call.Stop();
        entry.Stop();
        Assert.False(request.IsStopped);
        request.Stop();

        Assert.Equal(SpanOwnership.Adopted, entry.Ownership);
        Assert.Same(request, entry.Activity);
        Assert.Same(call, exit.Activity);
        Assert.Equal([call, request], scope.Sink.Spans);
        Assert.Equal("GET /orders", request.DisplayName);
        Assert.Equal("stock:80", call.GetTagItem(SpanTags.Peer));
        Assert.Equal(request.SpanId.ToHexString(), request.GetTagItem(SpanTags.SegmentId));
        Assert.Equal(request.SpanId.ToHexString(), call.GetTagItem(SpanTags.SegmentId));
        Assert.Equal($"00-{call.TraceId.ToHexString()}-{call.SpanId.ToHexString()}-01", headers["traceparent"]);
    }

    [Fact]
    public void A_foreign_activity_of_a_source_not_adopted_gets_a_child_span()
    {
        using var other = new ActivitySource("Test.Other");
        using var appListener = new ActivityListener
        {
            ShouldListenTo = s => s == other,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(appListener);
        using var scope = new TracerScope();

        var app = other.StartActivity("app operation", ActivityKind.Server)!;
        var entry = scope.Entry("GET /");
        entry.Stop();
        app.Stop();

        Assert.Equal(SpanOwnership.Owned, entry.Ownership);
        Assert.Equal(app.SpanId, entry.Activity!.ParentSpanId);
    }
}
