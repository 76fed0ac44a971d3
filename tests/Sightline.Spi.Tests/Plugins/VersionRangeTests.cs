using Sightline.Spi.Plugins;

namespace Sightline.Spi.Tests.Plugins;

public sealed class VersionRangeTests
{
    [Theory]
    [InlineData("*", "0.0.1", true)]
    [InlineData("8.*", "8.0.0", true)]
    [InlineData("8.*", "8.99.3.1", true)]
    [InlineData("8.*", "9.0.0", false)]
    [InlineData("8.*", "7.9.9", false)]
    [InlineData("8.0.*", "8.0.12", true)]
    [InlineData("8.0.*", "8.1.0", false)]
    [InlineData("8.0.1", "8.0.1.0", true)]
    [InlineData("8.0.1", "8.0.2", false)]
    [InlineData("[1.4, 3.0)", "1.4", true)]
    [InlineData("[1.4, 3.0)", "3.0", false)]
    [InlineData("(1.4, 3.0]", "1.4", false)]
    [InlineData("(1.4, 3.0]", "3.0", true)]
    [InlineData("[1.4, 2.*]", "2.9.9", true)]
    [InlineData("[1.4, 2.*]", "3.0", false)]
    [InlineData("[1.4, 2.*)", "2.0", false)]
    [InlineData("[1.4,]", "99.0", true)]
    [InlineData("(,2.0)", "0.1", true)]
    public void Contains_follows_the_documented_forms(string range, string version, bool expected)
    {
        Assert.Equal(expected, VersionRange.Parse(range).Contains(Version.Parse(version)));
    }

    [Theory]
    [InlineData("8.x", "not a number")]
    [InlineData("*.1", "alone")]
    [InlineData("8.*.1", "may follow")]
    [InlineData("[1.0, 2.0", "close it")]
    [InlineData("[1.0]", "two bounds")]
    [InlineData("[2.*, 3.0]", "lower bound cannot contain a wildcard")]
    [InlineData("[3.0, 1.0]", "above its upper bound")]
    [InlineData("1.2.3.4.5", "more than four")]
    [InlineData("-1", "not a number")]
    public void Invalid_ranges_fail_with_a_message_that_says_why(string range, string expected)
    {
        var error = Assert.Throws<FormatException>(() => VersionRange.Parse(range));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(range, error.Message, StringComparison.Ordinal);
        Assert.False(VersionRange.TryParse(range, out _));
    }
}
