using Sightline.LoadTest.Measuring;

namespace Sightline.LoadTest.Tests.Measuring;

public sealed class WrkResultTests
{
    // Printed by Debian's wrk 4.1.0 (`wrk -t1 -c2 -d1s --latency`) against a server answering 404.
    private const string NotFoundRun = """
        Running 1s test @ http://127.0.0.1:5977/nothing-here
          1 threads and 2 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     4.91ms    6.47ms  48.59ms   89.35%
            Req/Sec   582.30    210.32     0.88k    60.00%
          Latency Distribution
             50%    2.06ms
             75%    6.14ms
             90%   11.86ms
             99%   37.23ms
          585 requests in 1.01s, 297.25KB read
          Non-2xx or 3xx responses: 585
        Requests/sec:    580.71
        Transfer/sec:    295.07KB
        """;

    // The same layout with the other units wrk uses and its socket error line.
    private const string FastRunWithTimeouts = """
        Running 20s test @ http://127.0.0.1:40123/
          2 threads and 16 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency   812.00us    1.20ms  2.00s    95.00%
            Req/Sec    10.10k     1.00k   12.00k    70.00%
          Latency Distribution
             50%  645.00us
             75%  900.00us
             90%    1.10ms
             99%    1.02s
          402011 requests in 1.00m, 80.00MB read
          Socket errors: connect 0, read 3, write 1, timeout 12
        Requests/sec:   6700.18
        Transfer/sec:      1.33MB
        """;

    [Fact]
    public void The_summary_latency_percentiles_and_non_2xx_count_are_read()
    {
        var result = WrkResult.Parse(NotFoundRun);

        Assert.Equal(585, result.Requests);
        Assert.Equal(1.01, result.Seconds, 6);
        Assert.Equal(580.71, result.RequestsPerSecond, 6);
        Assert.Equal(2.06, result.P50Ms, 6);
        Assert.Equal(37.23, result.P99Ms, 6);
        Assert.Equal(585, result.Non2xx);
        Assert.Equal(0, result.SocketErrors);
    }

    [Fact]
    public void Microseconds_seconds_minutes_and_socket_errors_are_read()
    {
        var result = WrkResult.Parse(FastRunWithTimeouts);

        Assert.Equal(402011, result.Requests);
        Assert.Equal(60, result.Seconds, 6);
        Assert.Equal(0.645, result.P50Ms, 6);
        Assert.Equal(1020, result.P99Ms, 6);
        Assert.Equal(16, result.SocketErrors);
        Assert.Equal(0, result.Non2xx);
    }

    [Theory]
    [InlineData("requests in", "no '<n> requests in <t>' line")]
    [InlineData("Requests/sec:", "no 'Requests/sec:' line")]
    [InlineData("99%", "no 99% latency line")]
    public void Output_missing_a_line_is_a_format_error_that_names_it(string dropped, string message)
    {
        var output = string.Join('\n', NotFoundRun.Split('\n').Where(l => !l.Contains(dropped, StringComparison.Ordinal)));

        var error = Assert.Throws<FormatException>(() => WrkResult.Parse(output));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
