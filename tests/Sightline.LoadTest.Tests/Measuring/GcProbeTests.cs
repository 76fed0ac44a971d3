using Sightline.LoadTest.Measuring;
using Sightline.Scenarios.Running;

namespace Sightline.LoadTest.Tests.Measuring;

/// <summary>The GC probe attached to a real app keeps its counters in the file, and the load test reads them.</summary>
public sealed class GcProbeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sightline-gcprobe-").FullName;

    [Fact]
    public async Task A_probed_app_keeps_its_counters_in_the_file_as_it_runs()
    {
        var file = Path.Combine(_folder, "gc-A.txt");
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_STARTUP_HOOKS"] = GcProbe.HookPath,
            [GcProbe.FileVariable] = file,
        };
        var app = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "apps", "target-app.path")).Trim();
        using var child = AppProcess.Start("dotnet", [app, "--urls", "http://127.0.0.1:0"], environment);
        var line = await child.WaitForLineAsync("listening on ", TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var first = await ReadingAsync(file, _ => true);

        using var client = new HttpClient { BaseAddress = new Uri(line["listening on ".Length..].Trim()) };
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("pong", await client.GetStringAsync("/ping", TestContext.Current.CancellationToken));
        }

        // The file is replaced whole as the app goes on: a later reading has counted the requests' allocations.
        var later = await ReadingAsync(file, s => s.AllocatedBytes > first.AllocatedBytes);
        var round = later - first;
        Assert.True(round.AllocatedBytes > 0, $"{first} -> {later}");
        Assert.True(round.Gen0 >= round.Gen1 && round.Gen1 >= round.Gen2 && round.Gen2 >= 0, $"{first} -> {later}");
        Assert.True(round.PauseMs >= 0, $"{first} -> {later}");
    }

    [Fact]
    public void Without_its_variable_the_probe_writes_nothing_and_the_reader_has_no_reading()
    {
        // The hook returns at once; a file that was never written reads as no reading, not as zeros.
        Environment.SetEnvironmentVariable(GcProbe.FileVariable, null);
        StartupHook.Initialize();
        Assert.Null(GcSample.Read(Path.Combine(_folder, "never-written.txt")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 2 3 4.5")]
    [InlineData("1 2 3 4.5 6 7")]
    [InlineData("a 2 3 4.5 6")]
    [InlineData("-1 2 3 4.5 6")]
    [InlineData("1 2 3 4,5 6")]
    public void A_line_that_is_not_the_probes_is_refused_and_read_as_no_reading(string text)
    {
        Assert.Throws<FormatException>(() => GcSample.Parse(text));
        var file = Path.Combine(_folder, "gc.txt");
        File.WriteAllText(file, text);
        Assert.Null(GcSample.Read(file));
    }

    [Fact]
    public void A_round_is_the_difference_of_two_readings()
    {
        var round = GcSample.Parse("120 10 2 350.25 9000000\n") - GcSample.Parse("100 8 2 300.000 1000000");

        Assert.Equal(new GcSample(20, 2, 0, 50.25, 8000000), round);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<GcSample> ReadingAsync(string file, Func<GcSample, bool> wanted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (GcSample.Read(file) is { } sample && wanted(sample))
            {
                return sample;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no wanted reading in {file} within 30 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
