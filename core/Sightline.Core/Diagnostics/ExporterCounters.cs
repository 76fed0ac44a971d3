namespace Sightline.Core.Diagnostics;

/// <summary>What happened to the spans handed to one exporter. Updated per batch, so plain interlocked adds suffice.</summary>
public sealed class ExporterCounters
{
    // Enum.GetNames(Type), not GetValues<TEnum>: the generic one is JIT-compiled at start-up for our enum.
    private readonly long[] _dropped = new long[Enum.GetNames(typeof(DropReason)).Length];
    private long _exported;
    private long _failures;
    private long _retries;

    internal ExporterCounters(string exporter) => Exporter = exporter;

    /// <summary>The exporter's name.</summary>
    public string Exporter { get; }

    /// <summary>Spans the backend accepted.</summary>
    public long Exported => Volatile.Read(ref _exported);

    /// <summary>Export calls that failed (returned a failure or threw).</summary>
    public long Failures => Volatile.Read(ref _failures);

    /// <summary>Export calls that were attempts after a failure.</summary>
    public long Retries => Volatile.Read(ref _retries);

    /// <summary>Spans dropped for <paramref name="reason"/> at this exporter.</summary>
    public long Dropped(DropReason reason) => Volatile.Read(ref _dropped[(int)reason]);

    /// <summary>Spans dropped at this exporter for any reason.</summary>
    public long DroppedTotal
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _dropped.Length; i++)
            {
                total += Volatile.Read(ref _dropped[i]);
            }

            return total;
        }
    }

    internal void RecordExported(int spans) => Interlocked.Add(ref _exported, spans);

    internal void RecordFailure() => Interlocked.Increment(ref _failures);

    internal void RecordRetry() => Interlocked.Increment(ref _retries);

    internal void RecordDropped(DropReason reason, int spans) => Interlocked.Add(ref _dropped[(int)reason], spans);
}
