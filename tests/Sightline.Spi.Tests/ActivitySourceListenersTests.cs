using System.Diagnostics;
using Sightline.Spi.Tracing;

namespace Sightline.Spi.Tests;

public sealed class ActivitySourceListenersTests
{
    [Fact]
    public void Counts_exactly_the_listeners_of_one_source_as_they_come_and_go()
    {
        using var source = new ActivitySource("sightline.listener-count." + Guid.NewGuid().ToString("N"));
        Assert.Equal(0, ActivitySourceListeners.Count(source));

        using (var first = Listener(source.Name))
        {
            Assert.Equal(1, ActivitySourceListeners.Count(source));
            using var second = Listener(source.Name);
            using var elsewhere = Listener("another source");
            Assert.Equal(2, ActivitySourceListeners.Count(source));
        }

        Assert.Equal(0, ActivitySourceListeners.Count(source));
    }

    private static ActivityListener Listener(string sourceName)
    {
        var listener = new ActivityListener { ShouldListenTo = s => s.Name == sourceName };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
