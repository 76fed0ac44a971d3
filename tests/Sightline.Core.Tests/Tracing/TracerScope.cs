using System.Diagnostics;
using Sightline.Core.Configuration;
using Sightline.Core.Tracing;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Tests.Tracing;

/// <summary>A tracer with a collecting sink for one test; starts and ends with no active span.</summary>
internal sealed class TracerScope : IDisposable
{
    public TracerScope(TracingOptions? options = null, TimeProvider? time = null)
    {
        Activity.Current = null;
        Sink = new CollectingSpanSink();
        Tracer = new ActivityTracer(options, Sink, time);
    }

    public ActivityTracer Tracer { get; }

    public CollectingSpanSink Sink { get; }

    public TracingSpan Entry(string name, Dictionary<string, string>? headers = null, SpanLayer layer = SpanLayer.Http)
        => Tracer.CreateEntrySpan(name, headers ?? Carriers.Empty(), Carriers.Get, layer);

    public TracingSpan Exit(string name, Dictionary<string, string> headers, string peer = "backend:8080", SpanLayer layer = SpanLayer.Http)
        => Tracer.CreateExitSpan(name, peer, headers, Carriers.Set, layer);

    public void Dispose()
    {
        Activity.Current = null;
        Tracer.Dispose();
    }
}
