using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Jaeger.Storage.V2;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Model;
using Sightline.Storage.Tests.Conformance;
using Sightline.Storage.Tests.Infrastructure;
using OtlpStatus = OpenTelemetry.Proto.Trace.V1.Status;

namespace Sightline.Storage.Tests.Api;

/// <summary>storage v2 <c>FindTraceSummaries</c>: one summary per found trace, newest first, computed from its spans.</summary>
public sealed class TraceSummaryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Summaries_describe_root_services_errors_and_orphans(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var now = DateTime.UtcNow;
        var request = new ExportTraceServiceRequest();
        OtlpConformanceTests.AddCall(request, "front", "back", 1, now.AddMinutes(-2));
        OtlpConformanceTests.AddCall(request, "front", "back", 2, now.AddMinutes(-1));
        // Trace 2 also gets a failing span of "back" whose parent never arrived.
        var start = (ulong)TimeUnits.ToNanos(new DateTimeOffset(now.AddMinutes(-1)));
        request.ResourceSpans.Add(OtlpConformanceTests.SpanOf("back", new Span
        {
            TraceId = Google.Protobuf.ByteString.CopyFrom(new TraceId(0, 2).ToBytes()),
            SpanId = OtlpConformanceTests.SpanId(9),
            ParentSpanId = OtlpConformanceTests.SpanId(77),
            Name = "late",
            StartTimeUnixNano = start + 500,
            EndTimeUnixNano = start + 5000,
            Status = new OtlpStatus { Code = OtlpStatus.Types.StatusCode.Error },
        }));
        await OtlpConformanceTests.ExportAsync(server, request);

        var reader = new TraceReader.TraceReaderClient(server.JaegerChannel());
        using var call = reader.FindTraceSummaries(
            new FindTraceSummariesRequest
            {
                Query = new TraceQueryParameters
                {
                    ServiceName = "back",
                    StartTimeMin = Timestamp.FromDateTime(now.AddHours(-1)),
                    StartTimeMax = Timestamp.FromDateTime(now.AddMinutes(1)),
                    SearchDepth = 10,
                },
            },
            cancellationToken: Ct);
        var summaries = new List<TraceSummary>();
        await foreach (var response in call.ResponseStream.ReadAllAsync(Ct))
        {
            summaries.AddRange(response.Summaries);
        }

        Assert.Equal([new TraceId(0, 2), new TraceId(0, 1)], summaries.Select(s => TraceId.FromBytes(s.TraceId.Span)));
        var newest = summaries[0];
        Assert.Equal(("front", "call"), (newest.RootServiceName, newest.RootOperationName));
        Assert.Equal((3, 1, 1), (newest.SpanCount, newest.ErrorSpanCount, newest.OrphanSpanCount));
        Assert.Equal(start, newest.MinStartTimeUnixNano);
        Assert.Equal(start + 5000, newest.MaxEndTimeUnixNano);
        Assert.Equal([("back", 2, 1), ("front", 1, 0)], newest.Services.Select(s => (s.Name, s.SpanCount, s.ErrorSpanCount)));
        Assert.Equal((2, 0, 0), (summaries[1].SpanCount, summaries[1].ErrorSpanCount, summaries[1].OrphanSpanCount));
    }
}
