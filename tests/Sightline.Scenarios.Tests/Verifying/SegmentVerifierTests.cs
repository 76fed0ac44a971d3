using Sightline.Scenarios.Collecting;
using Sightline.Scenarios.Expectations;
using Sightline.Scenarios.Verifying;

namespace Sightline.Scenarios.Tests.Verifying;

/// <summary>The comparison on collected spans made by hand: two services, one trace.</summary>
public sealed class SegmentVerifierTests
{
    private static readonly ActualSpan[] TwoServices =
    [
        Span("front", "t1", "a1", string.Empty, "GET /checkout", "Server", segment: "a1"),
        Span("front", "t1", "a2", "a1", "GET inventory", "Client", segment: "a1", tags: new() { ["sightline.peer"] = "127.0.0.1:5081" }),
        Span("stock", "t1", "b1", "a2", "GET /stock/{id}", "Server", segment: "b1"),
        Span("stock", "t1", "b2", "b1", "SQLite SELECT", "Client", segment: "b1", error: true),
    ];

    [Fact]
    public void Segments_of_two_services_joined_by_a_remote_parent_pass()
    {
        var result = SegmentVerifier.Verify(Load(Expected(remoteSpan: "GET inventory")), TwoServices);

        Assert.True(result.Passed, result.Report);
    }

    [Fact]
    public void A_remote_parent_that_is_not_the_calling_span_fails_and_says_which_reference()
    {
        var result = SegmentVerifier.Verify(Load(Expected(remoteSpan: "GET /checkout")), TwoServices);

        Assert.False(result.Passed);
        Assert.Contains("references between segments do not hold", result.Report, StringComparison.Ordinal);
        Assert.Contains("must be a child of front/GET /checkout", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_parent_inside_a_segment_fails_and_says_the_structure_differs()
    {
        var yaml = """
            segments:
              - service: stock
                spans:
                  - { name: "SQLite SELECT", parent: none }
                  - { name: "GET /stock/{id}", parent: "SQLite SELECT" }
            """;

        var result = SegmentVerifier.Verify(Load(yaml), TwoServices);

        Assert.False(result.Passed);
        Assert.Contains("parent structure", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_spans_fail_unless_the_segment_allows_them()
    {
        const string Yaml = """
            segments:
              - service: front
                allowExtraSpans: {0}
                spans:
                  - { name: "GET /checkout", kind: Server }
            """;

        var strict = SegmentVerifier.Verify(Load(Yaml.Replace("{0}", "false", StringComparison.Ordinal)), TwoServices);
        var lenient = SegmentVerifier.Verify(Load(Yaml.Replace("{0}", "true", StringComparison.Ordinal)), TwoServices);

        Assert.False(strict.Passed);
        Assert.Contains("span count: expected 1, actual 2", strict.Report, StringComparison.Ordinal);
        Assert.True(lenient.Passed, lenient.Report);
    }

    [Fact]
    public void Nothing_collected_says_so()
    {
        var result = SegmentVerifier.Verify(Load(Expected(remoteSpan: "GET inventory")), []);

        Assert.False(result.Passed);
        Assert.Contains("nothing was collected at all", result.Report, StringComparison.Ordinal);
    }

    private static string Expected(string remoteSpan) => $$"""
        segments:
          - name: front
            service: front
            spans:
              - { name: "GET /checkout", kind: Server, parent: none, error: false }
              - { name: "GET inventory", kind: Client, parent: "GET /checkout", peer: "ends with :5081" }
          - service: stock
            spans:
              - name: "GET /stock/{id}"
                kind: Server
                remoteParent: { segment: front, span: "{{remoteSpan}}" }
              - { name: "SQLite SELECT", parent: "GET /stock/{id}", error: true }
        """;

    private static ExpectedData Load(string yaml) => ExpectedDataLoader.Parse(yaml);

    private static ActualSpan Span(string service, string trace, string id, string parent, string name, string kind, string segment, bool error = false, Dictionary<string, string>? tags = null)
    {
        var all = new Dictionary<string, string>(tags ?? []) { ["sightline.segment_id"] = segment };
        return new ActualSpan
        {
            Service = service,
            TraceId = trace,
            SpanId = id,
            ParentSpanId = parent,
            Name = name,
            Kind = kind,
            IsError = error,
            Tags = all,
            Events = [],
            StartNanos = (ulong)id.GetHashCode(StringComparison.Ordinal) & 0xFFFF,
            EndNanos = 0,
        };
    }
}
