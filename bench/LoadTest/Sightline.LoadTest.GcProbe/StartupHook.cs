using System.Globalization;

// The runtime looks the hook up by this exact name, outside any namespace.
#pragma warning disable CA1050

/// <summary>
/// Writes the process's garbage-collector counters every <see cref="Interval"/> to the file named by
/// <c>LOADTEST_GC_FILE</c>, replacing it whole each time (written beside it, then renamed), so a reader never sees half a
/// line. Runs in every configuration the load test measures, so its few microseconds a tick cost A, B and C the same.
/// </summary>
public static class StartupHook
{
    /// <summary>The variable naming the file.</summary>
    public const string FileVariable = "LOADTEST_GC_FILE";

    /// <summary>How stale a reading can be: against a 20 s round, 0.5 % of it at each end.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Starts the writing thread when the load test named a file; called by the runtime before <c>Main</c>.</summary>
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(FileVariable) is not { Length: > 0 } path)
        {
            return;
        }

        var thread = new Thread(() => Run(path)) { IsBackground = true, Name = "LoadTest.GcProbe" };
        thread.Start();
    }

    private static void Run(string path)
    {
        var temporary = path + ".tmp";
        while (true)
        {
            try
            {
                File.WriteAllText(temporary, Line());
                File.Move(temporary, path, overwrite: true);
            }
            catch (DirectoryNotFoundException)
            {
                // The load test removed its folder at the end of the run: nothing is waiting for the numbers any more.
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Missed this once (a full disk, say): the next tick tries again rather than leave the last reading to stand.
            }

            Thread.Sleep(Interval);
        }
    }

    /// <summary>gen0 gen1 gen2 collections, total pause in ms, bytes allocated so far: what GcSample.Parse reads.</summary>
    private static string Line() => string.Create(
        CultureInfo.InvariantCulture,
        $"{GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} {GC.GetTotalPauseDuration().TotalMilliseconds:F3} {GC.GetTotalAllocatedBytes(precise: false)}\n");
}
