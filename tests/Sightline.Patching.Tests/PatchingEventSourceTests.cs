using System.Diagnostics.Tracing;
using Sightline.Patching.Diagnostics;

namespace Sightline.Patching.Tests;

/// <summary>The patch engine's warnings reach a listener that enables the source after they were written.</summary>
public sealed class PatchingEventSourceTests
{
    [Fact]
    public void Warnings_written_while_nobody_listens_are_written_when_a_listener_enables_the_source()
    {
        Assert.False(PatchingEventSource.Log.IsEnabled(), "another listener has the source enabled: the test proves nothing");
        PatchingEventSource.Log.VersionLeftUnpatched("Demo.Target", "the jump could not be written safely");
        PatchingEventSource.Log.WarmUpFailed("InvalidOperationException: demo");
        Assert.True(PatchEngine.HasUnheardWarnings);

        using var listener = new Recorder();

        Assert.False(PatchEngine.HasUnheardWarnings);

        Assert.Contains(listener.Events, e => e.Id == 4 && e.Payload[0] == "Demo.Target" && e.Payload[1] == "the jump could not be written safely");
        Assert.Contains(listener.Events, e => e.Id == 5 && e.Payload[0] == "InvalidOperationException: demo");
    }

    [Fact]
    public void At_most_the_first_warnings_are_kept_while_nobody_listens()
    {
        Assert.False(PatchingEventSource.Log.IsEnabled(), "another listener has the source enabled: the test proves nothing");
        for (var i = 0; i < PatchingEventSource.UnheardLimit + 10; i++)
        {
            PatchingEventSource.Log.VersionLeftUnpatched($"Many.Target{i}", "demo");
        }

        using var listener = new Recorder();

        var kept = listener.Events.Where(e => e.Payload[0].StartsWith("Many.Target", StringComparison.Ordinal)).ToList();
        Assert.Equal(PatchingEventSource.UnheardLimit, kept.Count);
        Assert.Equal("Many.Target0", kept[0].Payload[0]);
    }

    private sealed class Recorder : EventListener
    {
        private readonly List<(int Id, string[] Payload)> _events = [];

        public List<(int Id, string[] Payload)> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Sightline-Patching")
            {
                EnableEvents(eventSource, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            lock (_events)
            {
                _events.Add((eventData.EventId, [.. (eventData.Payload ?? []).Select(p => p?.ToString() ?? string.Empty)]));
            }
        }
    }
}
