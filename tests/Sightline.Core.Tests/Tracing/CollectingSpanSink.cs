using System.Collections.Concurrent;
using System.Diagnostics;
using Sightline.Core.Tracing;

namespace Sightline.Core.Tests.Tracing;

/// <summary>A span sink that keeps what it receives, completed as for export, for assertions.</summary>
internal sealed class CollectingSpanSink : ISpanSink
{
    private readonly ConcurrentQueue<Activity> _spans = new();

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public void OnSpanFinished(Activity span)
    {
        // What the buffer's consumers do before export: assertions read the spans as exporters see them.
        SegmentIds.Write(span);
        _spans.Enqueue(span);
    }

    public Activity Single(string name) => Assert.Single(Spans, s => s.DisplayName == name);
}
