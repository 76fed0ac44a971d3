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
