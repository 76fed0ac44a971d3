using Sightline.Scenarios.Collecting;
using Sightline.Scenarios.Expectations;

namespace Sightline.Scenarios.Verifying;

/// <summary>Compares the fields of one expected span with one actual span (parents are checked elsewhere).</summary>
internal static class SpanComparison
{
    /// <summary>Each field that differs, as "field: expected X, actual Y"; empty when all match.</summary>
    public static List<string> Differences(ExpectedSpan expected, ActualSpan actual)
    {
        var differences = new List<string>();
        Check(differences, "name", expected.Name, actual.Name);
        Check(differences, "kind", expected.Kind, actual.Kind);
        Check(differences, "peer", expected.Peer, Tag(actual, "sightline.peer"));
        Check(differences, "component", expected.Component, Tag(actual, "sightline.component"));
        Check(differences, "layer", expected.Layer, Tag(actual, "sightline.layer"));
        Check(differences, "error", expected.Error, actual.IsError ? "true" : "false");
        foreach (var (key, value) in expected.Tags)
        {
            Check(differences, "tag " + key, value ?? "null", Tag(actual, key), always: true);
        }

        foreach (var name in expected.Events.Where(e => !actual.Events.Contains(e)))
        {
            differences.Add($"event '{name}': expected, actual events [{string.Join(", ", actual.Events)}]");
        }

        return differences;
    }

    /// <summary>How many fields the expected span checks (for choosing the closest actual span).</summary>
    public static int FieldCount(ExpectedSpan expected) =>
        new[] { expected.Name, expected.Kind, expected.Peer, expected.Component, expected.Layer, expected.Error }.Count(v => v is not null)
        + expected.Tags.Count + expected.Events.Count;

    private static void Check(List<string> differences, string field, string? expected, string? actual, bool always = false)
    {
        if (expected is null && !always)
        {
            return;
        }

        if (!ValueMatcher.Parse(expected).Matches(actual))
        {
            differences.Add($"{field}: expected {Quote(expected)}, actual {Quote(actual)}");
        }
    }

    private static string? Tag(ActualSpan span, string key) => span.Tags.TryGetValue(key, out var value) ? value : null;

    private static string Quote(string? value) => value is null ? "(absent)" : $"\"{value}\"";
}
