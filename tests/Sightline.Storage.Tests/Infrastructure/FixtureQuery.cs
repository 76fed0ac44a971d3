using System.Text.Json;

namespace Sightline.Storage.Tests.Infrastructure;

/// <summary>One case of <c>queries.json</c>.</summary>
public sealed record FixtureQuery(
    string Caption,
    string ServiceName,
    string OperationName,
    IReadOnlyList<KeyValuePair<string, JsonElement>> Tags,
    DateTimeOffset StartTimeMin,
    DateTimeOffset StartTimeMax,
    long DurationMinNanos,
    long DurationMaxNanos,
    int NumTraces,
    IReadOnlyList<string> ExpectedFixtures)
{
    public override string ToString() => Caption;
}
