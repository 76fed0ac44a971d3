using System.Diagnostics;
using System.Net;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Sightline.LoadTest.Receiving;

namespace Sightline.LoadTest.Tests.Receiving;

public sealed class SpanReceiverTests
{
    [Fact]
    public async Task Spans_sent_by_the_OpenTelemetry_OTLP_exporter_are_counted_for_the_port_they_came_to()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await SpanReceiver.StartAsync(["B", "C"], ct);

        Export(receiver.Endpoint("B"), spans: 7);
        Export(receiver.Endpoint("C"), spans: 3);

        Assert.Equal(7, receiver.Tally("B").Spans);
        Assert.Equal(3, receiver.Tally("C").Spans);
        Assert.Equal(0, receiver.Tally("B").Rejected);
        Assert.True(receiver.Tally("B").Requests >= 1);
    }

    [Fact]
    public async Task A_body_that_is_not_protobuf_is_refused_with_400_and_counts_no_span()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await SpanReceiver.StartAsync(["B"], ct);
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(receiver.Endpoint("B"), "/v1/traces"), new ByteArrayContent([0x0a, 0x05, 0x01]), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, receiver.Tally("B").Spans);
        Assert.Equal(1, receiver.Tally("B").Rejected);
    }

    [Fact]
    public async Task An_encoding_it_cannot_read_is_refused_with_415()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await SpanReceiver.StartAsync(["C"], ct);
        using var http = new HttpClient();
        using var content = new ByteArrayContent([]);
        content.Headers.ContentEncoding.Add("br");

        using var response = await http.PostAsync(new Uri(receiver.Endpoint("C"), "/v1/traces"), content, ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(1, receiver.Tally("C").Rejected);
    }

    private static void Export(Uri endpoint, int spans)
    {
        var source = "Sightline.LoadTest.Tests." + Guid.NewGuid().ToString("N");
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(source)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(endpoint, "/v1/traces");
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.ExportProcessorType = ExportProcessorType.Batch;
            })
            .Build())
        using (var activities = new ActivitySource(source))
        {
            for (var i = 0; i < spans; i++)
            {
                using var activity = activities.StartActivity("span " + i);
                activity?.SetTag("i", i);
            }

            // Disposing the provider flushes the batch and waits for the export.
            Assert.True(provider.ForceFlush(10_000));
        }
    }
}
