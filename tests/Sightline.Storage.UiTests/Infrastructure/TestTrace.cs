using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Sightline.Storage.UiTests.Infrastructure;

/// <summary>A trace of <see cref="TestSpan"/>s, written as an OTLP/HTTP JSON ExportTraceServiceRequest.</summary>
public sealed class TestTrace
{
    public string TraceId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    // A little in the past, so "last hour" searches include the whole trace.
    public DateTimeOffset Start { get; init; } = DateTimeOffset.UtcNow.AddMinutes(-5);

    public List<TestSpan> Spans { get; } = [];

    public static string NewSpanId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public TestSpan Add(TestSpan span)
    {
        Spans.Add(span);
        return span;
    }

    public string ToOtlpJson()
    {
        var resources = new JsonArray();
        foreach (var group in Spans.GroupBy(s => s.Service))
        {
            var spans = new JsonArray();
            foreach (var span in group)
            {
                spans.Add(SpanJson(span));
            }

            resources.Add(new JsonObject
            {
                ["resource"] = new JsonObject
                {
                    ["attributes"] = Attributes(new Dictionary<string, string>
                    {
                        ["service.name"] = group.Key,
                        ["host.name"] = "ui-test-host",
                    }),
                },
                ["scopeSpans"] = new JsonArray(new JsonObject
                {
                    ["scope"] = new JsonObject { ["name"] = "Sightline.Storage.UiTests", ["version"] = "1.0" },
                    ["spans"] = spans,
                }),
            });
        }

        return new JsonObject { ["resourceSpans"] = resources }.ToJsonString();
    }

    private JsonObject SpanJson(TestSpan span)
    {
        var events = new JsonArray();
        foreach (var (offset, name, attributes) in span.Events)
        {
            events.Add(new JsonObject
            {
                ["timeUnixNano"] = Nanos(span.Offset + offset),
                ["name"] = name,
                ["attributes"] = Attributes(attributes),
            });
        }

        var json = new JsonObject
        {
            ["traceId"] = TraceId,
            ["spanId"] = span.SpanId,
            ["name"] = span.Name,
            ["kind"] = span.Kind,
            ["startTimeUnixNano"] = Nanos(span.Offset),
            ["endTimeUnixNano"] = Nanos(span.Offset + span.Duration),
            ["attributes"] = Attributes(span.Attributes),
            ["events"] = events,
            ["status"] = span.StatusMessage is null
                ? new JsonObject { ["code"] = span.StatusCode }
                : new JsonObject { ["code"] = span.StatusCode, ["message"] = span.StatusMessage },
        };
        if (span.ParentSpanId is not null)
        {
            json["parentSpanId"] = span.ParentSpanId;
        }

        return json;
    }

    private string Nanos(TimeSpan offset)
    {
        var nanos = ((Start + offset).ToUnixTimeMilliseconds() * 1_000_000L) + ((Start + offset).Ticks % TimeSpan.TicksPerMillisecond * 100L);
        return nanos.ToString(CultureInfo.InvariantCulture);
    }

    private static JsonArray Attributes(Dictionary<string, string> attributes)
    {
        var array = new JsonArray();
        foreach (var (key, value) in attributes)
        {
            array.Add(new JsonObject { ["key"] = key, ["value"] = new JsonObject { ["stringValue"] = value } });
        }

        return array;
    }
}
