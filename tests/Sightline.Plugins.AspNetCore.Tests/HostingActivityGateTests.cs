using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sightline.Plugins.AspNetCore.Tests;

/// <summary>
/// With logging on and nobody but the agent listening, ASP.NET Core's bare request Activity is not created at all:
/// the Entry span stands in for it; on an ignored path an unrecorded one does, so the application still sees the
/// caller's trace. Requests are told apart by the trace id of the traceparent they carry.
/// </summary>
public sealed class HostingActivityGateTests(PluginFixture fixture)
{
    private const string HostingActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    [Fact]
    public async Task A_traced_request_starts_no_bare_hosting_activity_and_its_entry_span_continues_the_caller()
    {
        using var bare = new BareHostingActivities();
        await using var app = await TestApp.StartAsync(logging: true);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        const string parentId = "b7ad6b7169203331";

        using var response = await app.GetAsync("/current", $"00-{traceId}-{parentId}-01");
        var seen = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(await fixture.Sink.WaitForAsync(app.Owns));
        Assert.Equal(traceId, entry.TraceId.ToHexString());
        Assert.Equal(parentId, entry.ParentSpanId.ToHexString());
        Assert.Equal(entry.SpanId.ToHexString(), seen);
        Assert.Equal(0, bare.CountFor(traceId));
    }

    [Fact]
    public async Task An_ignored_request_starts_no_bare_activity_either_and_the_application_still_sees_its_callers_trace()
    {
        using var bare = new BareHostingActivities();
        await using var app = await TestApp.StartAsync(logging: true);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        const string parentId = "b7ad6b7169203331";

        using var response = await app.GetAsync("/static/whoami", $"00-{traceId}-{parentId}-01");

        Assert.Equal($"{traceId}/{parentId}/False", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, bare.CountFor(traceId));
    }

    [Fact]
    public async Task Without_other_listeners_the_hosting_layer_does_not_even_read_the_callers_traceparent()
    {
        // The hosting layer takes the process's propagator when the app is built: count what it extracts.
        using var counting = CountingPropagator.Install();
        await using var app = await TestApp.StartAsync();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        const string parentId = "b7ad6b7169203331";

        using var response = await app.GetAsync("/current", $"00-{traceId}-{parentId}-01");
        response.EnsureSuccessStatusCode();

        var entry = Assert.Single(await fixture.Sink.WaitForAsync(app.Owns));
        Assert.Equal(traceId, entry.TraceId.ToHexString());
        Assert.Equal(parentId, entry.ParentSpanId.ToHexString());
        Assert.Equal(0, counting.ExtractionsFor(traceId));
    }

    /// <summary>
    /// Wraps the process's propagator and counts the traceparent headers it was asked to read, by trace id; other
    /// tests running meanwhile only see the same behaviour through the wrapper.
    /// </summary>
    private sealed class CountingPropagator : DistributedContextPropagator, IDisposable
    {
        private readonly DistributedContextPropagator _inner;
        private readonly ConcurrentDictionary<string, int> _byTrace = new();

        private CountingPropagator(DistributedContextPropagator inner) => _inner = inner;

        public override IReadOnlyCollection<string> Fields => _inner.Fields;

        public static CountingPropagator Install()
        {
            var counting = new CountingPropagator(Current);
            Current = counting;
            return counting;
        }

        public int ExtractionsFor(string traceId) => _byTrace.TryGetValue(traceId, out var count) ? count : 0;

        public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter) => _inner.Inject(activity, carrier, setter);

        public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
        {
            _inner.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);
            if (traceId is { Length: 55 })
            {
                _byTrace.AddOrUpdate(traceId.Substring(3, 32), 1, (_, n) => n + 1);
            }
        }

        public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) => _inner.ExtractBaggage(carrier, getter);

        public void Dispose() => Current = _inner;
    }

    /// <summary>Bare hosting Activities started in this process, by trace id.</summary>
    private sealed class BareHostingActivities : IDisposable
    {
        private readonly ConcurrentDictionary<string, int> _byTrace = new();
        private readonly ActivityListener _listener;

        public BareHostingActivities()
        {
            _listener = new ActivityListener
            {
                // The empty-named source owns Activities made with `new Activity(name)`.
                ShouldListenTo = source => source.Name.Length == 0,
                ActivityStarted = activity =>
                {
                    if (activity.OperationName == HostingActivity)
                    {
                        _byTrace.AddOrUpdate(activity.TraceId.ToHexString(), 1, (_, n) => n + 1);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int CountFor(string traceId) => _byTrace.TryGetValue(traceId, out var count) ? count : 0;

        public void Dispose() => _listener.Dispose();
    }
}
