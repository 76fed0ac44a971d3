using Sightline.LoadTest.Measuring;

namespace Sightline.LoadTest.Tests.Measuring;

public sealed class ProcessCpuTests
{
    [Fact]
    public void Ticks_are_read_after_the_name_even_when_it_holds_spaces_and_parentheses()
    {
        const string Stat = "4242 (my (odd) app) S 1 4242 4242 0 -1 4194560 5000 0 0 0 123 45 0 0 20 0 30 0 100 0 0";

        Assert.Equal(168, ProcessCpu.ParseTicks(Stat));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 (app) S 1 2 3")]
    [InlineData("4242 (app) S 1 4242 4242 0 -1 4194560 5000 0 0 0 x 45 0")]
    public void A_line_that_is_not_a_stat_line_is_a_format_error(string stat) =>
        Assert.Throws<FormatException>(() => ProcessCpu.ParseTicks(stat));

    [Fact]
    public void A_named_threads_cpu_is_counted_apart_and_within_the_process_total()
    {
        var ct = TestContext.Current.CancellationToken;
        var pid = Environment.ProcessId;
        using var stop = new CancellationTokenSource();
        var spinner = new Thread(() =>
        {
            var x = 0UL;
            while (!stop.IsCancellationRequested)
            {
                x = (x * 6364136223846793005UL) + 1442695040888963407UL;
            }

            GC.KeepAlive(x);
        })
        { Name = "LoadTestSpinner.Thread", IsBackground = true };
        spinner.Start();
        try
        {
            // Spins until /proc shows a tick for it (10 ms of CPU at the usual 100 Hz).
            var sample = ProcessCpu.Sample(pid, ["LoadTestSpinne"]);
            while (sample.ThreadTicks == 0)
            {
                ct.ThrowIfCancellationRequested();
                Thread.Sleep(5);
                sample = ProcessCpu.Sample(pid, ["LoadTestSpinne"]);
            }

            Assert.True(sample.ProcessTicks >= sample.ThreadTicks);
            Assert.Equal(0, ProcessCpu.Sample(pid, ["NoSuchThreadName"]).ThreadTicks);
            Assert.True(ProcessCpu.SecondsPerTick is > 0 and <= 0.01);
        }
        finally
        {
            stop.Cancel();
            spinner.Join();
        }
    }
}
