using Sightline.Core.Tracing.Propagation;

namespace Sightline.Core.Tests.Tracing;

/// <summary>
/// Hostile and malformed incoming headers: never an exception, never a join to the wrong trace. The Entry span
/// starts a new trace and the rejection is counted.
/// </summary>
public sealed class MalformedCarrierTests
{
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string Span = "00f067aa0ba902b7";

    public static TheoryData<string> BadTraceParents =>
    [
        string.Empty,
        " ",
        "garbage",
        $"00-{Trace}-{Span}",
        $"00-{Trace}-{Span}-01-extra",
        $"00-{Trace.ToUpperInvariant()}-{Span}-01",
        $"00-{Trace}-{Span.ToUpperInvariant()}-01",
        $"00-00000000000000000000000000000000-{Span}-01",
        $"00-{Trace}-0000000000000000-01",
        $"ff-{Trace}-{Span}-01",
        $"0g-{Trace}-{Span}-01",
        $"00-{Trace[..31]}-{Span}-01",
        $"00-{Trace}0-{Span}-01",
        $"00-{Trace}-{Span[..15]}-01",
        $"00-{Trace}-{Span}-0x",
        $"00_{Trace}_{Span}_01",
        $"00-{Trace}-{Span}-01,00-{Trace}-{Span}-01",
        $"01-{Trace}-{Span}-01x",
        $"00-{Trace.Replace('a', 'z')}-{Span}-01",
        $"00-{Trace}-{Span}-\u00e9\u00e9",
        $"00-{Trace[..16]}\0{Trace[17..]}-{Span}-01",
        "00-" + new string('a', 10_000),
        new string('-', 55),
        $"\u0660\u0660-{Trace}-{Span}-01",
    ];

    [Theory]
    [MemberData(nameof(BadTraceParents))]
    public void A_malformed_traceparent_starts_a_new_counted_trace(string value)
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /", Carriers.With(("traceparent", value), ("tracestate", "a=b"), ("baggage", "k=v")));
        entry.Stop();

        var span = scope.Sink.Single("GET /");
        Assert.NotEqual(Trace, span.TraceId.ToHexString());
        Assert.False(span.HasRemoteParent);
        Assert.Equal(default, span.ParentSpanId);
        Assert.Null(span.TraceStateString);
        Assert.Equal(1, scope.Tracer.Counters.MalformedTraceContexts);
    }

    [Theory]
    [InlineData($"01-{Trace}-{Span}-01")]
    [InlineData($"01-{Trace}-{Span}-01-what-the-future-holds")]
    [InlineData($"  00-{Trace}-{Span}-01 ")]
    [InlineData($"00-{Trace}-{Span}-03")]
    public void Valid_traceparents_from_later_versions_and_with_spaces_are_joined(string value)
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /", Carriers.With(("traceparent", value)));
        entry.Stop();

        Assert.Equal(Trace, entry.Activity!.TraceId.ToHexString());
        Assert.Equal(Span, entry.Activity.ParentSpanId.ToHexString());
        Assert.True(entry.Activity.Recorded);
        Assert.Equal(0, scope.Tracer.Counters.MalformedTraceContexts);
    }

    public static TheoryData<string> BadTraceStates =>
    [
        "no-equals-sign",
        "=value",
        "UPPER=1",
        "k=v,k2",
        "k=va,lue=x=y",
        "k=" + new string('v', 600),
        string.Join(',', Enumerable.Range(0, 33).Select(i => $"k{i}=v")),
        "k=v\u0001",
        "k@@x=v",
        "k@=v",
        "k=\u00e9",
    ];

    [Theory]
    [MemberData(nameof(BadTraceStates))]
    public void A_malformed_tracestate_is_dropped_but_the_parent_is_kept(string value)
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /", Carriers.With(("traceparent", $"00-{Trace}-{Span}-01"), ("tracestate", value)));
        entry.Stop();

        Assert.Equal(Trace, entry.Activity!.TraceId.ToHexString());
        Assert.Null(entry.Activity.TraceStateString);
        Assert.Equal(1, scope.Tracer.Counters.MalformedFields);
        Assert.Equal(0, scope.Tracer.Counters.MalformedTraceContexts);
    }

    public static TheoryData<string, int> BadBaggage => new()
    {
        { "novalue", 0 },
        { "=v", 0 },
        { "k=v,bad key=1", 1 },
        { "k=%ZZ,ok=1", 1 },
        { "k=v\"q,ok=1", 1 },
        { "k=v\u00e9,ok=1", 1 },
        { "k=" + new string('v', 9000), 0 },
        { string.Join(',', Enumerable.Range(0, 200).Select(i => $"k{i}=v")), 180 },
    };

    [Theory]
    [MemberData(nameof(BadBaggage))]
    public void Malformed_baggage_members_are_skipped_and_counted(string value, int kept)
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /", Carriers.With(("traceparent", $"00-{Trace}-{Span}-01"), ("baggage", value)));
        entry.Stop();

        Assert.Equal(Trace, entry.Activity!.TraceId.ToHexString());
        Assert.Equal(kept, entry.Activity.Baggage.Count());
        Assert.Equal(1, scope.Tracer.Counters.MalformedFields);
    }

    public static TheoryData<string> BadSw8 =>
    [
        string.Empty,
        "1",
        "1-2-3",
        Sw8("2", "trace", "seg", "0"),
        Sw8("1", "trace", "seg", "-1"),
        Sw8("1", "trace", "seg", "x"),
        Sw8("1", "trace", "seg", "99999999999"),
        Sw8("1", string.Empty, "seg", "0"),
        Sw8("1", "trace", "seg", "0") + "-extra",
        "1-!!!notbase64-" + PropagationTests.B64("seg") + "-0-a-b-c-d",
        Sw8("1", "trace\u0001", "seg", "0"),
        "1-" + Convert.ToBase64String(new byte[] { 0xff, 0xfe, 0xfd }) + "-" + PropagationTests.B64("seg") + "-0-" + string.Join('-', Enumerable.Repeat(PropagationTests.B64("x"), 4)),
        Sw8("1", new string('t', 3000), "seg", "0"),
        Sw8("1", "trace", "seg", " 1"),
    ];

    [Theory]
    [MemberData(nameof(BadSw8))]
    public void A_malformed_sw8_starts_a_new_counted_trace(string value)
    {
        using var scope = new TracerScope(new() { Propagators = ["sw8"] });
        var entry = scope.Entry("GET /", Carriers.With(("sw8", value)));
        entry.Stop();

        var span = scope.Sink.Single("GET /");
        Assert.False(span.HasRemoteParent);
        Assert.Null(span.GetTagItem("sw8.parent_segment_id"));
        Assert.Equal(1, scope.Tracer.Counters.MalformedTraceContexts);
    }

    [Theory]
    [InlineData("notpairs")]
    [InlineData("!!:!!")]
    [InlineData("a2V5:")]
    public void Malformed_sw8_correlation_is_dropped_and_counted(string value)
    {
        using var scope = new TracerScope(new() { Propagators = ["sw8"] });
        var entry = scope.Entry("GET /", Carriers.With(("sw8-correlation", value)));
        entry.Stop();

        Assert.Empty(entry.Activity!.Baggage);
        Assert.Equal(1, scope.Tracer.Counters.MalformedFields);
    }

    [Fact]
    public void Correlation_past_three_elements_or_128_characters_is_cut()
    {
        using var scope = new TracerScope(new() { Propagators = ["sw8"] });
        var pairs = Enumerable.Range(0, 5).Select(i => $"{PropagationTests.B64("k" + i)}:{PropagationTests.B64("v")}")
            .Append($"{PropagationTests.B64("long")}:{PropagationTests.B64(new string('v', 129))}");
        var entry = scope.Entry("GET /", Carriers.With(("sw8-correlation", string.Join(',', pairs))));
        entry.Stop();
        Assert.Equal(3, entry.Activity!.Baggage.Count());
    }

    [Fact]
    public void A_throwing_carrier_getter_counts_as_malformed_and_starts_a_new_trace()
    {
        using var scope = new TracerScope();
        var entry = scope.Tracer.CreateEntrySpan("GET /", 0, static (_, _) => throw new InvalidOperationException("bad headers"), Spi.Tracing.SpanLayer.Http);
        entry.Stop();
        Assert.False(entry.Activity!.HasRemoteParent);
        Assert.Equal(1, scope.Tracer.Counters.MalformedTraceContexts);
    }

    [Fact]
    public void The_traceparent_parser_accepts_only_the_exact_shape()
    {
        Assert.True(TraceContextPropagator.TryParseTraceParent($"00-{Trace}-{Span}-01", out _, out _, out _));
        foreach (var bad in BadTraceParents)
        {
            Assert.False(TraceContextPropagator.TryParseTraceParent(bad.Data, out _, out _, out _));
        }
    }

    private static string Sw8(string flag, string trace, string segment, string spanId)
        => string.Join('-', flag, trace.Length == 0 ? string.Empty : PropagationTests.B64(trace), PropagationTests.B64(segment), spanId,
            PropagationTests.B64("svc"), PropagationTests.B64("inst"), PropagationTests.B64("/e"), PropagationTests.B64("p:1"));
}
