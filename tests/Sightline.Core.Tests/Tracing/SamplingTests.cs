using System.Diagnostics;
using Sightline.Core.Configuration;
using Sightline.Core.Tracing.Sampling;

namespace Sightline.Core.Tests.Tracing;

/// <summary>Parent-based, N per 3 seconds, ratio, keep-errors, the span limit and ignored endpoints.</summary>
public sealed class SamplingTests
{
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Fact]
    public void An_incoming_sampled_flag_is_honoured_even_when_new_traces_are_not_sampled()
    {
        using var scope = new TracerScope(new() { Sampler = TraceSamplerKind.Ratio, SampleRatio = 0 });
        var entry = scope.Entry("GET /", Carriers.With(("traceparent", $"00-{Trace}-00f067aa0ba902b7-01")));
        var child = scope.Tracer.CreateLocalSpan("child");
        child.Stop();
        entry.Stop();
        var root = scope.Entry("GET /root");
        root.Stop();

        Assert.Equal(["child", "GET /"], scope.Sink.Spans.Select(s => s.DisplayName));
        Assert.False(root.Activity!.Recorded);
    }

    [Fact]
    public void An_incoming_not_sampled_flag_records_nothing_below_it()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /", Carriers.With(("traceparent", $"00-{Trace}-00f067aa0ba902b7-00")));
        var local = scope.Tracer.CreateLocalSpan("child");
        var exit = scope.Exit("GET /next", Carriers.Empty());
        exit.Stop();
        local.Stop();
        entry.Stop();

        Assert.True(local.IsNoop);
        Assert.True(exit.IsNoop);
        Assert.False(entry.IsRecording);
        Assert.Empty(scope.Sink.Spans);
        Assert.Null(Activity.Current);
    }

    [Fact]
    public void At_most_n_new_traces_are_sampled_per_three_second_window()
    {
        var clock = new ManualTimeProvider();
        using var scope = new TracerScope(new() { Sampler = TraceSamplerKind.PerThreeSeconds, SamplesPerThreeSeconds = 3 }, clock);

        var first = Enumerable.Range(0, 5).Select(_ => Root(scope)).ToList();
        clock.Advance(TimeSpan.FromSeconds(2.9));
        var stillFirst = Root(scope);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        var second = Enumerable.Range(0, 5).Select(_ => Root(scope)).ToList();

        Assert.Equal([true, true, true, false, false], first);
        Assert.False(stillFirst);
        Assert.Equal([true, true, true, false, false], second);
    }

    [Fact]
    public void The_ratio_sampler_keeps_about_its_share_and_decides_the_same_for_the_same_trace()
    {
        var sampler = new RatioSampler(0.25);
        var ids = Enumerable.Range(0, 4000).Select(_ => ActivityTraceId.CreateRandom()).ToList();
        var kept = ids.Count(sampler.ShouldSample);
        Assert.InRange(kept, 800, 1200);
        Assert.All(ids, id => Assert.Equal(sampler.ShouldSample(id), new RatioSampler(0.25).ShouldSample(id)));
        Assert.All(ids, id => Assert.False(new RatioSampler(0).ShouldSample(id)));
        Assert.All(ids, id => Assert.True(new RatioSampler(1).ShouldSample(id)));
        Assert.False(new RatioSampler(double.NaN).ShouldSample(ids[0]));
    }

    [Fact]
    public void Keep_errors_keeps_an_unsampled_segment_that_ended_in_an_error_and_drops_the_others()
    {
        using var scope = new TracerScope(new() { Sampler = TraceSamplerKind.Ratio, SampleRatio = 0, KeepErrors = true });

        var ok = scope.Entry("GET /ok");
        scope.Tracer.CreateLocalSpan("fine").Stop();
        ok.Stop();
        Assert.Empty(scope.Sink.Spans);

        var failing = scope.Entry("GET /fail");
        var local = scope.Tracer.CreateLocalSpan("work");
        var exit = scope.Exit("GET /dep", Carriers.Empty());
        exit.RecordException(new TimeoutException("dependency timed out"));
        exit.Stop();
        local.Stop();
        Assert.Empty(scope.Sink.Spans);
        failing.Stop();

        Assert.Equal(["GET /dep", "work", "GET /fail"], scope.Sink.Spans.Select(s => s.DisplayName));
        Assert.All(scope.Sink.Spans, s => Assert.True(s.Recorded));
        Assert.Equal(1, scope.Tracer.Counters.KeptErrorSegments);
        Assert.Equal(1, scope.Tracer.Counters.DroppedUnsampledSegments);
    }

    [Fact]
    public async Task Keep_errors_waits_for_an_async_span_that_outlives_the_entry()
    {
        using var scope = new TracerScope(new() { Sampler = TraceSamplerKind.Ratio, SampleRatio = 0, KeepErrors = true });
        var entry = scope.Entry("GET /");
        var background = scope.Tracer.CreateLocalSpan("background").PrepareForAsync();
        entry.Stop();
        Assert.Empty(scope.Sink.Spans);

        await Task.Run(() => background.SetError("failed late").AsyncFinish(), TestContext.Current.CancellationToken);

        Assert.Equal(["GET /", "background"], scope.Sink.Spans.Select(s => s.DisplayName));
    }

    [Fact]
    public void Spans_past_the_segment_limit_are_counted_not_created()
    {
        using var scope = new TracerScope(new() { SpanLimitPerSegment = 5 });
        var entry = scope.Entry("GET /");
        var created = 0;
        for (var i = 0; i < 10; i++)
        {
            var span = scope.Tracer.CreateLocalSpan("step");
            created += span.IsNoop ? 0 : 1;
            span.SetTag("i", i);
            span.Stop();
            Assert.Same(entry.Activity, Activity.Current);
        }

        var outgoing = Carriers.Empty();
        var exit = scope.Exit("GET /dep", outgoing);
        exit.Stop();
        entry.Stop();

        Assert.Equal(4, created);
        Assert.True(exit.IsNoop);
        Assert.Contains(entry.Activity!.SpanId.ToHexString(), outgoing["traceparent"], StringComparison.Ordinal);
        Assert.Equal(7, scope.Tracer.Counters.SpansOverLimit);
        Assert.Equal(5, scope.Sink.Spans.Count);
    }

    [Fact]
    public void The_default_span_limit_is_300()
    {
        using var scope = new TracerScope();
        var entry = scope.Entry("GET /");
        for (var i = 0; i < 400; i++)
        {
            scope.Tracer.CreateLocalSpan("step").Stop();
        }

        entry.Stop();
        Assert.Equal(300, scope.Sink.Spans.Count);
        Assert.Equal(101, scope.Tracer.Counters.SpansOverLimit);
    }

    [Theory]
    [InlineData("GET /static/app.js")]
    [InlineData("GET /favicon.ICO")]
    [InlineData("GET /logo.png?v=3")]
    [InlineData("GET /health")]
    [InlineData("GET /internal/metrics/cpu")]
    [InlineData("GET /api/v1/ping")]
    public void Ignored_suffixes_and_paths_trace_nothing_for_the_whole_request(string operation)
    {
        using var scope = new TracerScope(new() { IgnoredPaths = ["/health", "/internal/**", "/api/*/ping"] });
        var entry = scope.Entry(operation);
        var local = scope.Tracer.CreateLocalSpan("inside");
        var outgoing = Carriers.Empty();
        scope.Exit("GET /dep", outgoing).Stop();
        local.Stop();
        entry.Stop();

        Assert.Empty(scope.Sink.Spans);
        Assert.True(local.IsNoop);
        Assert.EndsWith("-00", outgoing["traceparent"], StringComparison.Ordinal);
        Assert.Equal(1, scope.Tracer.Counters.IgnoredEntries);
        Assert.Null(Activity.Current);
    }

    [Theory]
    [InlineData("GET /healthz")]
    [InlineData("GET /api/v1/v2/ping")]
    [InlineData("GET /app.jsx")]
    [InlineData("GET /internal")]
    public void Other_endpoints_are_traced(string operation)
    {
        using var scope = new TracerScope(new() { IgnoredPaths = ["/health", "/internal/**", "/api/*/ping"] });
        scope.Entry(operation).Stop();
        Assert.Single(scope.Sink.Spans);
    }

    [Theory]
    [InlineData("/a/?", "/a/b", true)]
    [InlineData("/a/?", "/a/bc", false)]
    [InlineData("/a/*", "/a/b/c", false)]
    [InlineData("/a/**", "/a/b/c", true)]
    [InlineData("/**/x", "/a/b/x", true)]
    [InlineData("/*/x", "/a/b/x", false)]
    [InlineData("**", "/anything/at/all", true)]
    [InlineData("/a*b", "/aXXb", true)]
    [InlineData("/a*b", "/a/b", false)]
    public void Ant_patterns_match_like_skywalking_trace_ignore(string pattern, string path, bool expected)
        => Assert.Equal(expected, IgnoredEndpointMatcher.AntMatch(pattern, path));

    [Fact]
    public void A_hostile_pattern_and_path_do_not_hang_the_matcher()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 30)) + "b";
        Assert.False(IgnoredEndpointMatcher.AntMatch(pattern, new string('a', 5000)));
    }

    private static bool Root(TracerScope scope)
    {
        var span = scope.Entry("GET /");
        span.Stop();
        return span.Activity!.Recorded;
    }
}
