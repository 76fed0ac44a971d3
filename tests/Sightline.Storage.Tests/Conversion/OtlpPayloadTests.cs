using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Conversion;

namespace Sightline.Storage.Tests.Conversion;

/// <summary>
/// A stored OTLP span is, byte for byte, the ResourceSpans that holds its resource, its scope and the span alone,
/// whatever the request leaves out (no resource, no scope, schema URLs, several scopes, non-ASCII text).
/// </summary>
public sealed class OtlpPayloadTests
{
    [Fact]
    public void Each_payload_is_the_single_span_resource_spans_message()
    {
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans
        {
            Resource = new Resource { Attributes = { Tag("service.name", "payload"), Tag("host.name", "h-ü") }, DroppedAttributesCount = 2 },
            SchemaUrl = "https://opentelemetry.io/schemas/1.21.0",
            ScopeSpans =
            {
                new ScopeSpans { Scope = new InstrumentationScope { Name = "one", Version = "1.0", Attributes = { Tag("a", "b") } }, SchemaUrl = "scope-schema", Spans = { NewSpan(1, "first"), NewSpan(2, "zweite Spanne – ünïcödé") } },
                new ScopeSpans { Spans = { NewSpan(3, "no scope") } },
            },
        });
        request.ResourceSpans.Add(new ResourceSpans { ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope(), Spans = { NewSpan(4, "no resource") } } } });
        request.ResourceSpans.Add(new ResourceSpans { Resource = new Resource(), ScopeSpans = { new ScopeSpans { Spans = { NewSpan(5, new string('x', 300)) } } } });

        var records = OtlpSpanRecordFactory.Create(request);

        var expected = new List<byte[]>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    var single = new ResourceSpans { Resource = resourceSpans.Resource, SchemaUrl = resourceSpans.SchemaUrl };
                    single.ScopeSpans.Add(new ScopeSpans { Scope = scopeSpans.Scope, SchemaUrl = scopeSpans.SchemaUrl, Spans = { span } });
                    expected.Add(single.ToByteArray());
                }
            }
        }

        Assert.Equal(expected.Count, records.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], records[i].Payload);
        }
    }

    private static Span NewSpan(byte id, string name)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, id]),
            SpanId = ByteString.CopyFrom([0, 0, 0, 0, 0, 0, 0, id]),
            Name = name,
            Kind = Span.Types.SpanKind.Client,
            StartTimeUnixNano = 1_700_000_000_000_000_000UL + id,
            EndTimeUnixNano = 1_700_000_000_500_000_000UL,
            Attributes = { Tag("k", "v" + id), new KeyValue { Key = "n", Value = new AnyValue { IntValue = id } } },
            Events = { new Span.Types.Event { Name = "e", TimeUnixNano = 1 } },
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "bad" },
        };
        return span;
    }

    private static KeyValue Tag(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
