using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Sightline.Benchmarks.Storage;

/// <summary>Synthetic OTLP batches: traces of 10 spans, each span with 20 attributes, spread over services and operations.</summary>
internal static class BenchmarkSpans
{
    public const int AttributesPerSpan = 20;
    public const int SpansPerTrace = 10;
    public const int Services = 10;
    public const int OperationsPerService = 20;
    public const int Customers = 10_000;

    /// <summary>One request of <paramref name="spans"/> spans starting at trace number <paramref name="firstTrace"/>, all within the last day.</summary>
    public static ExportTraceServiceRequest Batch(long firstTrace, int spans, long nowNanos)
    {
        var request = new ExportTraceServiceRequest();
        var byService = new Dictionary<int, ScopeSpans>();
        for (var i = 0; i < spans; i++)
        {
            var trace = firstTrace + (i / SpansPerTrace);
            var service = (int)(trace % Services);
            if (!byService.TryGetValue(service, out var scope))
            {
                scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "bench", Version = "1.0" } };
                byService[service] = scope;
                request.ResourceSpans.Add(new ResourceSpans
                {
                    Resource = new Resource { Attributes = { Attribute("service.name", "service-" + service), Attribute("host.name", "host-" + service) } },
                    ScopeSpans = { scope },
                });
            }

            // Newest traces last; one trace per 80 ms over the day keeps a million spans inside the window.
            var start = (ulong)(nowNanos - ((2_000_000 - trace % 1_000_000) * 80_000_000L) + ((i % SpansPerTrace) * 1_000_000L));
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(Id16(trace)),
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes((ulong)(i % SpansPerTrace) + 1).Reverse().ToArray()),
                ParentSpanId = i % SpansPerTrace == 0 ? ByteString.Empty : ByteString.CopyFrom(BitConverter.GetBytes(1UL).Reverse().ToArray()),
                Name = "operation-" + ((trace + i) % OperationsPerService),
                Kind = i % SpansPerTrace == 0 ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Internal,
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + (ulong)(1000 + (trace % 5000) * 1000),
            };
            span.Attributes.Add(Attribute("customer.id", "customer-" + (trace % Customers)));
            span.Attributes.Add(new KeyValue { Key = "http.status_code", Value = new AnyValue { IntValue = 200 + (trace % 5) } });
            for (var a = 2; a < AttributesPerSpan; a++)
            {
                span.Attributes.Add(Attribute("attribute." + a, "value-" + ((trace + a) % 100)));
            }

            scope.Spans.Add(span);
        }

        return request;
    }

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static byte[] Id16(long trace)
    {
        var bytes = new byte[16];
        bytes[0] = 0x5b;
        BitConverter.GetBytes(trace).Reverse().ToArray().CopyTo(bytes, 8);
        return bytes;
    }
}
