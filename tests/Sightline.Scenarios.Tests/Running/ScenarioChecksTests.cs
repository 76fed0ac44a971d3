using Sightline.Scenarios.Collecting;
using Sightline.Scenarios.Running;
using Sightline.Scenarios.Verifying;
using Xunit.Sdk;

namespace Sightline.Scenarios.Tests.Running;

/// <summary>The extra scenario checks can fail: each is fed a run that lacks what it looks for.</summary>
public sealed class ScenarioChecksTests
{
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanId = "00f067aa0ba902b7";

    [Fact]
    public void Log_correlation_passes_when_the_lines_carry_the_entry_spans_ids()
    {
        ScenarioChecks.Verify(LogRun(Trace, SpanId));
    }

    [Theory]
    [InlineData("0af7651916cd43dd8448eb211c80319c", SpanId)]
    [InlineData(Trace, "b7ad6b7169203331")]
    public void Log_correlation_fails_when_a_line_carries_other_ids(string trace, string span)
    {
        Assert.ThrowsAny<XunitException>(() => ScenarioChecks.Verify(LogRun(trace, span)));
    }

    [Fact]
    public void Plugin_disabled_fails_when_a_span_of_a_switched_off_plugin_arrived()
    {
        string[] logs = ["plugins: Disabled             aspnetcore *: excluded by configuration", "plugins: Disabled             httpclient *: excluded by configuration"];
        ActualSpan[] spans =
        [
            Span("disabled-front", "Client", "HttpClient"),
            Span("disabled-back", "Server", "AspNetCore"),
        ];
        ScenarioChecks.Verify(DisabledRun(spans, logs[0], logs[1]));

        Assert.ThrowsAny<XunitException>(() => ScenarioChecks.Verify(DisabledRun([.. spans, Span("disabled-front", "Server", "AspNetCore")], logs[0], logs[1])));
        Assert.ThrowsAny<XunitException>(() => ScenarioChecks.Verify(DisabledRun([.. spans, Span("disabled-back", "Client", "HttpClient")], logs[0], logs[1])));
        Assert.ThrowsAny<XunitException>(() => ScenarioChecks.Verify(DisabledRun(spans, string.Empty, logs[1])));
    }

    private static ScenarioRun LogRun(string trace, string span)
    {
        var output = string.Join('\n',
            "{\"EventId\":0,\"LogLevel\":\"Information\",\"Category\":\"Orders\",\"Message\":\"outside any request\",\"State\":{}}",
            $"{{\"EventId\":0,\"LogLevel\":\"Information\",\"Category\":\"Orders\",\"Message\":\"order 7 received\",\"Scopes\":[{{\"Message\":\"x\",\"SpanId\":\"{span}\",\"TraceId\":\"{trace}\"}}]}}",
            $"info: Pricing[0] => SpanId:{span}, TraceId:{trace} => order 7 priced");
        ActualSpan entry = Span("log-app", "Server", "AspNetCore") with { Name = "GET /orders/{id}", TraceId = Trace, SpanId = SpanId };
        return new ScenarioRun("log-correlation", null, new VerificationResult(true, string.Empty), [entry]) { Outputs = new Dictionary<string, string> { ["app"] = output } };
    }

    private static ScenarioRun DisabledRun(ActualSpan[] spans, string frontLog, string backLog) =>
        new("plugin-disabled", null, new VerificationResult(true, string.Empty), spans)
        {
            AgentLogs = new Dictionary<string, string> { ["front"] = frontLog, ["back"] = backLog },
        };

    private static ActualSpan Span(string service, string kind, string component) => new()
    {
        Service = service,
        TraceId = Trace,
        SpanId = "1111111111111111",
        ParentSpanId = string.Empty,
        Name = "span",
        Kind = kind,
        IsError = false,
        Tags = new Dictionary<string, string> { ["sightline.component"] = component },
        Events = [],
        StartNanos = 1,
        EndNanos = 2,
    };
}
