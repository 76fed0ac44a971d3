using System.Diagnostics;
using Sightline.Spi.Tracing;

namespace Sightline.Spi.Tests;

/// <summary>Without the agent the facade is a no-op: plugins may call it freely and nothing happens.</summary>
public sealed class NoopTracerTests
{
    [Fact]
    public void Without_an_installed_tracer_every_call_is_a_harmless_no_op()
    {
        Assert.False(Tracer.IsInstalled);
        var headers = new Dictionary<string, string>();
        var entry = Tracer.CreateEntrySpan("GET /", headers, static (h, k) => h.GetValueOrDefault(k), SpanLayer.Http);
        var exit = Tracer.CreateExitSpan("GET /x", "x:1", headers, static (h, k, v) => h[k] = v, SpanLayer.Http);
        exit.SetTag("a", 1).SetComponent("c").SetLayer(SpanLayer.Cache).AddEvent("e").RecordException(new InvalidOperationException()).SetError();
        exit.PrepareForAsync().AsyncFinish();
        entry.Stop();
        entry.Dispose();
        using (Tracer.Continue(Tracer.Capture()))
        {
            Assert.True(Tracer.CreateLocalSpan("local").IsNoop);
        }

        Assert.True(entry.IsNoop);
        Assert.False(exit.IsRecording);
        Assert.Empty(headers);
        Assert.Null(Tracer.ActiveSpan.Activity);
        Assert.Null(Activity.Current);
    }

    [Fact]
    public void Layer_names_are_stable_tag_values()
    {
        Assert.Equal(
            ["Unknown", "Http", "Database", "Rpc", "Messaging", "Cache"],
            Enum.GetValues<SpanLayer>().Select(SpanLayerNames.Of));
    }
}
