using System.Diagnostics;
using Sightline.Core.Tracing;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tests.Tracing;

/// <summary>Plugins reach the tracer through the Spi's static facade, which the core installs into.</summary>
public sealed class TracerFacadeTests
{
    [Fact]
    public void A_plugin_calling_the_facade_reaches_the_installed_tracer_and_nothing_after_uninstall()
    {
        Activity.Current = null;
        var sink = new CollectingSpanSink();
        using var tracer = new ActivityTracer(sink: sink);
        Tracer.Install(tracer);
        try
        {
            Assert.True(Tracer.IsInstalled);
            var entry = Tracer.CreateEntrySpan("GET /", Carriers.Empty(), Carriers.Get, SpanLayer.Http);
            var headers = Carriers.Empty();
            Tracer.CreateExitSpan("GET /dep", "dep:80", headers, Carriers.Set, SpanLayer.Http).Stop();
            Tracer.CreateLocalSpan("work").Stop();
            Assert.Same(entry.Activity, Tracer.ActiveSpan.Activity);
            entry.Stop();
            Assert.Equal(3, sink.Spans.Count);
            Assert.Contains("traceparent", headers.Keys);
        }
        finally
        {
            Tracer.Uninstall(tracer);
        }

        Assert.False(Tracer.IsInstalled);
        var after = Tracer.CreateLocalSpan("after");
        after.Stop();
        Assert.True(after.IsNoop);
        Assert.Equal(3, sink.Spans.Count);
    }
}
