using System.Text;

namespace Sightline.Plugins.AspNetCore.Tests;

/// <summary>Incoming context other than a plain traceparent: SkyWalking's sw8 (configured in the fixture) and W3C baggage.</summary>
public sealed class PropagationTests(PluginFixture fixture)
{
    [Fact]
    public async Task An_sw8_caller_such_as_the_java_agent_is_continued_with_a_stable_trace_id()
    {
        var sw8 = string.Join('-', "1", B64("a1b2.37.16000000000001"), B64("c3d4.37.16000000000002"), "3",
            B64("java-shop"), B64("java-1"), B64("/checkout"), B64("dotnet:80"));
        await using var app = await TestApp.StartAsync();
        using (var first = await app.GetAsync("/orders/1", ("sw8", sw8)))
        using (var second = await app.GetAsync("/orders/2", ("sw8", sw8)))
        {
            first.EnsureSuccessStatusCode();
            second.EnsureSuccessStatusCode();
        }

        var spans = await fixture.Sink.WaitForAsync(app.Owns, count: 2);
        Assert.Equal(2, spans.Count);
        Assert.Equal(spans[0].TraceId, spans[1].TraceId);
        Assert.All(spans, s =>
        {
            Assert.True(s.Recorded);
            Assert.Equal("java-shop", s.GetTagItem("sw8.parent_service"));
            Assert.Equal("c3d4.37.16000000000002", s.GetTagItem("sw8.parent_segment_id"));
        });
    }

    [Fact]
    public async Task W3c_baggage_arrives_on_the_entry_span()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.GetAsync(
            "/orders/4", ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), ("baggage", "tenant=t1,region=eu"));
        response.EnsureSuccessStatusCode();

        var span = Assert.Single(await fixture.Sink.WaitForAsync(app.Owns));
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", span.TraceId.ToHexString());
        Assert.Equal("t1", span.GetBaggageItem("tenant"));
        Assert.Equal("eu", span.GetBaggageItem("region"));
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
