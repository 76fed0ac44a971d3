using System.Diagnostics;
using System.Text;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tests.Tracing;

/// <summary>W3C trace context and baggage by default, SkyWalking sw8 and sw8-correlation when configured: inject and extract.</summary>
public sealed class PropagationTests
{
    [Fact]
    public void W3c_context_tracestate_and_baggage_survive_a_hop_between_two_services()
    {
        using var caller = new TracerScope();
        var incoming = Carriers.With(
            ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            ("tracestate", "vendor=abc,other=x-1"),
            ("baggage", "user.id=alice%20smith,tenant=t1;ttl=30"));
        var entry = caller.Entry("GET /front", incoming);
        Assert.Equal("alice smith", entry.Activity!.GetBaggageItem("user.id"));
        var outgoing = Carriers.Empty();
        var exit = caller.Exit("GET /back", outgoing);
        exit.Stop();
        entry.Stop();

        Assert.Equal("vendor=abc,other=x-1", outgoing["tracestate"]);
        Assert.Equal("user.id=alice%20smith,tenant=t1", outgoing["baggage"]);

        using var callee = new TracerScope();
        var served = callee.Entry("GET /back", outgoing);
        served.Stop();
        var span = callee.Sink.Single("GET /back");
        Assert.Equal(exit.Activity!.SpanId, span.ParentSpanId);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", span.TraceId.ToHexString());
        Assert.Equal("vendor=abc,other=x-1", span.TraceStateString);
        Assert.Equal("t1", span.GetBaggageItem("tenant"));
    }

    [Fact]
    public void Sw8_is_written_and_read_only_when_configured()
    {
        using var w3cOnly = new TracerScope();
        var outgoing = Carriers.Empty();
        w3cOnly.Exit("GET /x", outgoing).Stop();
        Assert.False(outgoing.ContainsKey("sw8"));

        using var both = new TracerScope(new() { Propagators = ["tracecontext", "baggage", "sw8"], ServiceName = "shop", ServiceInstance = "shop-1" });
        var entry = both.Entry("GET /front");
        entry.Activity!.AddBaggage("tenant", "t1");
        var headers = Carriers.Empty();
        var exit = both.Exit("GET /back", headers, "back:80");
        exit.Stop();
        entry.Stop();

        var fields = headers["sw8"].Split('-');
        Assert.Equal(8, fields.Length);
        Assert.Equal("1", fields[0]);
        Assert.Equal(entry.Activity.TraceId.ToHexString(), Decode(fields[1]));
        Assert.Equal(entry.Activity.SpanId.ToHexString(), Decode(fields[2]));
        Assert.Equal("1", fields[3]);
        Assert.Equal("shop", Decode(fields[4]));
        Assert.Equal("shop-1", Decode(fields[5]));
        Assert.Equal("GET /front", Decode(fields[6]));
        Assert.Equal("back:80", Decode(fields[7]));
        Assert.Equal($"{B64("tenant")}:{B64("t1")}", headers["sw8-correlation"]);
        Assert.Contains("traceparent", headers.Keys);
    }

    [Fact]
    public void An_sw8_only_caller_such_as_the_java_agent_is_joined_with_a_stable_trace_id()
    {
        using var scope = new TracerScope(new() { Propagators = ["sw8"] });
        var sw8 = string.Join('-', "1", B64("a1b2.37.16000000000001"), B64("c3d4.37.16000000000002"), "3",
            B64("java-shop"), B64("java-1"), B64("/checkout"), B64("dotnet:80"));
        var headers = Carriers.With(("sw8", sw8), ("sw8-correlation", $"{B64("tenant")}:{B64("t9")}"));

        var first = scope.Entry("GET /inventory", headers);
        var outgoing = Carriers.Empty();
        scope.Exit("GET /stock", outgoing).Stop();
        first.Stop();
        var second = scope.Entry("GET /inventory", headers);
        second.Stop();

        Assert.Equal(first.Activity!.TraceId, second.Activity!.TraceId);
        Assert.Equal(first.Activity.ParentSpanId, second.Activity.ParentSpanId);
        Assert.True(first.Activity.Recorded);
        Assert.Equal("t9", first.Activity.GetBaggageItem("tenant"));
        var span = scope.Sink.Spans.First(s => s.DisplayName == "GET /inventory");
        Assert.Equal("c3d4.37.16000000000002", span.GetTagItem("sw8.parent_segment_id"));
        Assert.Equal(3, span.GetTagItem("sw8.parent_span_id"));
        Assert.Equal("java-shop", span.GetTagItem("sw8.parent_service"));
        Assert.Equal("/checkout", span.GetTagItem("sw8.parent_endpoint"));

        // The original SkyWalking trace id travels on unchanged, so downstream Java services stay in the same trace.
        Assert.Equal("a1b2.37.16000000000001", Decode(outgoing["sw8"].Split('-')[1]));
        Assert.Equal("GET /inventory", Decode(outgoing["sw8"].Split('-')[6]));
    }

    [Fact]
    public void W3c_wins_over_sw8_when_both_arrive()
    {
        using var scope = new TracerScope(new() { Propagators = ["tracecontext", "sw8"] });
        var sw8 = string.Join('-', "1", B64("other-trace"), B64("seg"), "0", B64("s"), B64("i"), B64("e"), B64("p"));
        var headers = Carriers.With(("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), ("sw8", sw8));
        var entry = scope.Entry("GET /", headers);
        entry.Stop();
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", entry.Activity!.TraceId.ToHexString());
        Assert.Equal("00f067aa0ba902b7", entry.Activity.ParentSpanId.ToHexString());
    }

    [Fact]
    public void An_unsampled_trace_propagates_the_not_sampled_flag_and_no_sw8()
    {
        using var scope = new TracerScope(new() { Propagators = ["tracecontext", "sw8"] });
        var headers = Carriers.With(("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"));
        var entry = scope.Entry("GET /", headers);
        var outgoing = Carriers.Empty();
        var exit = scope.Exit("GET /next", outgoing);
        exit.Stop();
        entry.Stop();

        Assert.True(exit.IsNoop);
        Assert.Equal($"00-4bf92f3577b34da6a3ce929d0e0e4736-{entry.Activity!.SpanId.ToHexString()}-00", outgoing["traceparent"]);
        Assert.False(outgoing.ContainsKey("sw8"));
        Assert.Empty(scope.Sink.Spans);
    }

    [Fact]
    public void Inject_alone_writes_the_active_context()
    {
        using var scope = new TracerScope();
        var local = scope.Tracer.CreateLocalSpan("send");
        var carrier = Carriers.Empty();
        scope.Tracer.Inject(carrier, Carriers.Set);
        local.Stop();
        Assert.Equal($"00-{local.Activity!.TraceId.ToHexString()}-{local.Activity.SpanId.ToHexString()}-01", carrier["traceparent"]);

        var none = Carriers.Empty();
        scope.Tracer.Inject(none, Carriers.Set);
        Assert.Empty(none);
    }

    [Fact]
    public void An_unknown_propagator_name_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => new TracerScope(new() { Propagators = ["b3"] }));
        Assert.Contains("Unknown propagator 'b3'", error.Message, StringComparison.Ordinal);
    }

    internal static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Decode(string b64) => Encoding.UTF8.GetString(Convert.FromBase64String(b64));
}
