using System.Diagnostics;
using Sightline.Spi.Tracing;

namespace Sightline.Spi.Tests;

/// <summary>Int tags: a status code is boxed once per process, not once per span.</summary>
public sealed class TracingSpanTagTests
{
    [Fact]
    public void Small_int_tags_share_one_box_and_keep_their_value()
    {
        using var recorded = new RecordedSource("Sightline.Spi.Tests.Tags");
        var source = recorded.Source;

        var first = Span(source).SetTag("http.response.status_code", 200).SetTag("big", 70_000).SetTag("negative", -1);
        var second = Span(source).SetTag("http.response.status_code", 200).SetTag("big", 70_000).SetTag("negative", -1);

        Assert.Same(first.Activity!.GetTagItem("http.response.status_code"), second.Activity!.GetTagItem("http.response.status_code"));
        Assert.Equal(200, second.Activity.GetTagItem("http.response.status_code"));
        Assert.Equal(70_000, second.Activity.GetTagItem("big"));
        Assert.Equal(-1, second.Activity.GetTagItem("negative"));
        first.Activity.Stop();
        second.Activity.Stop();
    }

    private static TracingSpan Span(ActivitySource source)
    {
        var activity = source.StartActivity("work")!;
        Activity.Current = null;
        return new TracingSpan(activity, SpanType.Local, SpanOwnership.Owned);
    }
}
