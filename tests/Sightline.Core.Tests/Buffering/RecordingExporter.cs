using System.Diagnostics;
using Sightline.Spi.Exporting;

namespace Sightline.Core.Tests.Buffering;

/// <summary>
/// A storage plugin that keeps what it receives in memory, as a user-written plugin would write it somewhere.
/// Its backend can be switched down, made to reject, held (slow) or made to throw.
/// </summary>
internal sealed class RecordingExporter : ISpanExporter
{
    private readonly Lock _gate = new();
    private readonly List<string[]> _batches = [];
    private readonly ManualResetEventSlim _open = new(true);
    private int _calls;

    public RecordingExporter(string name = "recording") => Name = name;

    public string Name { get; }

    /// <summary>While true, every export fails with <see cref="ExportResult.RetryableFailure"/>.</summary>
    public volatile bool Down;

    /// <summary>While true, every export fails with <see cref="ExportResult.PermanentFailure"/>.</summary>
    public volatile bool Rejecting;

    /// <summary>While true, every export throws.</summary>
    public volatile bool Throwing;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Calls currently held inside <see cref="ExportAsync"/> by <see cref="Hold"/>.</summary>
    public int Waiting;

    public bool ShutDown { get; private set; }

    /// <summary>Batches received, as span names, in arrival order.</summary>
    public IReadOnlyList<string[]> Batches
    {
        get
        {
            lock (_gate)
            {
                return _batches.ToList();
            }
        }
    }

    public string[] Names => Batches.SelectMany(b => b).ToArray();

    /// <summary>Holds every export call until <see cref="Release"/> (a slow or hung backend).</summary>
    public void Hold() => _open.Reset();

    public void Release() => _open.Set();

    public Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Increment(ref Waiting);
        try
        {
            _open.Wait(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return Task.FromResult(ExportResult.RetryableFailure);
        }
        finally
        {
            Interlocked.Decrement(ref Waiting);
        }

        if (Throwing)
        {
            throw new InvalidOperationException("The test backend threw.");
        }

        if (Down)
        {
            return Task.FromResult(ExportResult.RetryableFailure);
        }

        if (Rejecting)
        {
            return Task.FromResult(ExportResult.PermanentFailure);
        }

        lock (_gate)
        {
            _batches.Add(batch.Select(s => s.DisplayName).ToArray());
        }

        return Task.FromResult(ExportResult.Success);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ShutdownAsync(CancellationToken cancellationToken)
    {
        ShutDown = true;
        return Task.CompletedTask;
    }
}
