using System.Globalization;

namespace Sightline.LoadTest.Measuring;

/// <summary>
/// A storefront's garbage-collector counters as its GC probe (the <c>Sightline.LoadTest.GcProbe</c> startup hook) last
/// wrote them: collections so far (<see cref="Gen0"/> counts every collection, as <c>GC.CollectionCount(0)</c> does),
/// the total time the runtime paused the process for them, and the bytes allocated so far.
/// </summary>
public readonly record struct GcSample(long Gen0, long Gen1, long Gen2, double PauseMs, long AllocatedBytes)
{
    public static GcSample operator -(GcSample end, GcSample start) => new(
        end.Gen0 - start.Gen0, end.Gen1 - start.Gen1, end.Gen2 - start.Gen2, end.PauseMs - start.PauseMs, end.AllocatedBytes - start.AllocatedBytes);

    /// <summary>The probe's line: <c>gen0 gen1 gen2 pause-ms allocated-bytes</c>.</summary>
    /// <exception cref="FormatException">The text is not such a line.</exception>
    public static GcSample Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length != 5
            || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var gen0)
            || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gen1)
            || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gen2)
            || !double.TryParse(fields[3], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pause)
            || !long.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var allocated))
        {
            throw new FormatException($"not a GC probe line: '{line.Trim()}'");
        }

        return new GcSample(gen0, gen1, gen2, pause, allocated);
    }

    /// <summary>The probe's last reading, or null when it has not written one (yet) or the file cannot be read.</summary>
    public static GcSample? Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
