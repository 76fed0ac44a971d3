namespace Sightline.Core.Tracing;

/// <summary>
/// A counter written only by the thread that owns a cell, so that adding is a plain store, not an atomic operation;
/// readers sum every cell ever created (cells of threads that ended keep their counts).
/// </summary>
internal sealed class PerThreadCounter
{
    [ThreadStatic]
    private static Cell? _cell;

    private readonly object _gate = new();
    private Cell[] _cells = [];

    public void Add(long count)
    {
        var cell = _cell;
        if (cell is null || !ReferenceEquals(cell.Owner, this))
        {
            cell = Register();
        }

        // Single writer: read-modify-write needs no lock, and a 64-bit store is atomic for the readers.
        Volatile.Write(ref cell.Value, cell.Value + count);
    }

    public long Sum()
    {
        long sum = 0;
        foreach (var cell in Volatile.Read(ref _cells))
        {
            sum += Volatile.Read(ref cell.Value);
        }

        return sum;
    }

    private Cell Register()
    {
        // One thread-static slot serves one counter at a time: a thread switching between counters (tests with
        // several tracers) gets a cell per counter it uses, registered once each.
        lock (_gate)
        {
            foreach (var existing in _cells)
            {
                if (existing.Thread == Environment.CurrentManagedThreadId)
                {
                    return _cell = existing;
                }
            }

            var cell = new Cell(this, Environment.CurrentManagedThreadId);
            _cells = [.. _cells, cell];
            return _cell = cell;
        }
    }

    private sealed class Cell(PerThreadCounter owner, int thread)
    {
        public long Value;

        public PerThreadCounter Owner { get; } = owner;

        public int Thread { get; } = thread;
    }
}
