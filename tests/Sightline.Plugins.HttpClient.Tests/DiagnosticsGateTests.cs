using System.Diagnostics;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.HttpClient.Tests;

/// <summary>
/// DiagnosticsHandler's own Activity: skipped when nobody listens to it (the Exit span does its work), started as
/// before as soon as someone does.
/// </summary>
public sealed class DiagnosticsGateTests(PluginFixture fixture)
{
    private const string HandlerActivity = "System.Net.Http.HttpRequestOut";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_nobody_listening_the_framework_starts_no_activity_of_its_own_and_the_exit_span_propagates()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new System.Net.Http.HttpClient();
        using var handlerActivities = new HandlerActivityCounter(listenToHttpSource: false);

        // The first requests may still run ReadyToRun code that inlined the framework's check; the tier-1 code the
        // runtime compiles for a hot SendAsync calls it. So: requests until one starts no handler Activity.
        string echoed = string.Empty;
        Activity? exitParent = null;
        var clean = false;
        for (var i = 0; i < 2_000 && !clean; i++)
        {
            var before = handlerActivities.Count;
            using (var local = Tracer.CreateLocalSpan("caller work"))
            {
                exitParent = local.Activity;
                echoed = await client.GetStringAsync(new Uri(server.Address, "/headers"), Token);
            }

            clean = handlerActivities.Count == before;
        }

        Assert.True(clean, "every one of 2,000 requests still started DiagnosticsHandler's Activity");
        var exit = (await fixture.Sink.WaitForAsync(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem(SpanTags.Peer), server.Peer) && s.ParentSpanId == exitParent!.SpanId)).Single();
        Assert.Equal($"00-{exit.TraceId.ToHexString()}-{exit.SpanId.ToHexString()}-01", echoed);
    }

    [Fact]
    public async Task When_someone_listens_to_the_handlers_source_every_request_starts_its_activity_as_without_the_agent()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new System.Net.Http.HttpClient();
        using var handlerActivities = new HandlerActivityCounter(listenToHttpSource: true);

        for (var i = 0; i < 50; i++)
        {
            var before = handlerActivities.Count;
            using (Tracer.CreateLocalSpan("caller work"))
            {
                await client.GetStringAsync(new Uri(server.Address, "/items/1"), Token);
            }

            Assert.Equal(before + 1, handlerActivities.Count);
        }
    }

    /// <summary>Counts DiagnosticsHandler's Activities, whether created bare or from the System.Net.Http source.</summary>
    private sealed class HandlerActivityCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private int _count;

        public HandlerActivityCounter(bool listenToHttpSource)
        {
            _listener = new ActivityListener
            {
                // The empty-named source owns Activities made with `new Activity(name)`.
                ShouldListenTo = source => source.Name.Length == 0 || (listenToHttpSource && source.Name == "System.Net.Http"),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
                ActivityStarted = activity =>
                {
                    if (activity.OperationName == HandlerActivity)
                    {
                        Interlocked.Increment(ref _count);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
