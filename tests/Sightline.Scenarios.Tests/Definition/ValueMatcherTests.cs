using Sightline.Scenarios.Expectations;

namespace Sightline.Scenarios.Tests.Definition;

public sealed class ValueMatcherTests
{
    [Theory]
    [InlineData("200", "200", true)]
    [InlineData("200", "201", false)]
    [InlineData("eq 200", "200", true)]
    [InlineData("ne 200", "500", true)]
    [InlineData("ne 200", "200", false)]
    [InlineData("not null", "", true)]
    [InlineData("not null", null, false)]
    [InlineData("not blank", " ", false)]
    [InlineData("not blank", "x", true)]
    [InlineData("null", null, true)]
    [InlineData("null", "x", false)]
    [InlineData("gt 5", "6", true)]
    [InlineData("gt 5", "5", false)]
    [InlineData("gt 5", "abc", false)]
    [InlineData("ge 5", "5", true)]
    [InlineData("starts with GET ", "GET /orders/{id}", true)]
    [InlineData("ends with /orders/7", "http://127.0.0.1:5000/orders/7", true)]
    [InlineData("ends with /orders/7", null, false)]
    [InlineData("regex ^[0-9a-f]{32}$", "4bf92f3577b34da6a3ce929d0e0e4736", true)]
    [InlineData("regex ^[0-9a-f]{32}$", "nope", false)]
    public void Each_operator_matches_as_documented(string matcher, string? actual, bool matches) =>
        Assert.Equal(matches, ValueMatcher.Parse(matcher).Matches(actual));

    [Theory]
    [InlineData("gt many", "not a number")]
    [InlineData("regex ([", "not a valid regular expression")]
    public void A_matcher_that_cannot_work_is_refused_with_the_reason(string matcher, string reason) =>
        Assert.Contains(reason, Assert.Throws<ScenarioException>(() => ValueMatcher.Parse(matcher)).Message, StringComparison.Ordinal);
}
