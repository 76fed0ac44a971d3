using Sightline.Core.Tracing.Sampling;

namespace Sightline.Core.Tests.Tracing;

public sealed class IgnoredEndpointMatcherTests
{
    public static TheoryData<string[]> SuffixSets => new()
    {
        { [".css", ".JS", ".k", ".i", ".s"] },
        { [".css", ".\u03C9"] },
        { ["css"] },
    };

    private static readonly string[] Operations =
    [
        "GET /a.css", "GET /A.CSS?v=1", "GET /app.js", "GET /app.jsx", "GET /x", "GET /", "GET ", string.Empty, "/a.Css#top",
        "GET /a.\u212A", "GET /a.K", "GET /a.\u0131", "GET /a.I", "GET /a.\u017F", "GET /a.\u03A9", "GET /a.\u03C9", "GET /products/3",
    ];

    [Theory]
    [MemberData(nameof(SuffixSets))]
    public void A_suffix_matches_exactly_when_the_path_ends_with_it_ignoring_case(string[] suffixes)
    {
        var matcher = new IgnoredEndpointMatcher(suffixes, []);
        foreach (var operation in Operations)
        {
            var path = operation.Split(' ', 2)[^1].Split('?', '#')[0];
            var expected = suffixes.Any(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase));
            Assert.True(expected == matcher.IsIgnored(operation), $"'{operation}' with [{string.Join(", ", suffixes)}]: expected {expected}");
        }
    }

    [Fact]
    public void Paths_with_no_suffix_character_at_their_end_are_still_matched_by_patterns()
    {
        var matcher = new IgnoredEndpointMatcher([".css"], ["/health"]);
        Assert.True(matcher.IsIgnored("GET /health"));
        Assert.True(matcher.IsIgnored("GET /site.CSS"));
        Assert.False(matcher.IsIgnored("GET /healthz"));
    }
}
