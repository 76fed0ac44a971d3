namespace Sightline.LoadTest.Tests;

public sealed class LoadTestOptionsTests
{
    [Fact]
    public void The_defaults_make_a_full_run_of_ten_to_twelve_minutes()
    {
        var options = LoadTestOptions.Parse([]);

        Assert.Equal((20, 6, 60, 2, 16, 2, 5, "products"), (options.Duration, options.Rounds, options.Warmup, options.RoundWarmup, options.Connections, options.Threads, options.Starts, options.Mix));
        Assert.InRange(options.EstimatedSeconds, 10 * 60, 12 * 60);
    }

    [Fact]
    public void Quick_is_a_smoke_run_under_a_minute_and_later_options_still_apply()
    {
        var quick = LoadTestOptions.Parse(["--quick"]);
        var tuned = LoadTestOptions.Parse(["--quick", "--connections", "8", "--mix", "checkout"]);

        Assert.True(quick.Quick);
        Assert.True(quick.EstimatedSeconds < 60);
        Assert.Equal((8, "checkout", 3), (tuned.Connections, tuned.Mix, tuned.Duration));
        Assert.Equal(["--quick", "--connections", "8", "--mix", "checkout"], tuned.Arguments);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = LoadTestOptions.Parse(["--duration", "30", "--rounds", "3", "--warmup", "0", "--round-warmup", "5", "--connections", "32", "--threads", "4",
            "--starts", "0", "--output", "x.md", "--agent", "/opt/agent", "--no-build", "--app-cpu", "1", "--load-cpu", "0"]);

        Assert.Equal((30, 3, 0, 5, 32, 4, 0), (options.Duration, options.Rounds, options.Warmup, options.RoundWarmup, options.Connections, options.Threads, options.Starts));
        Assert.Equal(("x.md", "/opt/agent", false, 1, 0), (options.Output, options.AgentDirectory, options.Build, options.AppCpu, options.LoadCpu));
    }

    [Theory]
    [InlineData("--duration 0", "--duration '0' is not a whole number of seconds from 1 to 3600")]
    [InlineData("--duration 2.5", "--duration '2.5' is not a whole number of seconds")]
    [InlineData("--rounds -1", "--rounds '-1' is not a whole number from 1")]
    [InlineData("--rounds lots", "--rounds 'lots' is not a whole number from 1 to 10000")]
    [InlineData("--connections 1 --threads 2", "--connections 1 is fewer than --threads 2")]
    [InlineData("--app-cpu 1", "--app-cpu and --load-cpu are both 1")]
    [InlineData("--mix orders", "--mix 'orders' is unknown: products or checkout")]
    [InlineData("--output", "--output needs a value")]
    [InlineData("--fast", "unknown option '--fast'")]
    public void A_bad_option_is_refused_with_a_message_naming_it(string line, string message)
    {
        var error = Assert.Throws<LoadTestException>(() => LoadTestOptions.Parse(line.Split(' ')));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
