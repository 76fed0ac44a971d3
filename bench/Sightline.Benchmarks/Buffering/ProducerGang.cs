using System.Diagnostics;

namespace Sightline.Benchmarks.Buffering;

/// <summary>
/// Long-lived producer threads that each offer their own preallocated span a fixed number of times per round,
/// so a benchmark invocation measures offers, not thread start-up.
/// </summary>
internal sealed class ProducerGang : IDisposable
{
    private readonly Thread[] _threads;
    private readonly Barrier _start;
    private readonly CountdownEvent _done;
    private readonly int _offersPerThread;
    private readonly Func<Activity, bool> _offer;
    private volatile bool _stopping;
    private long _accepted;

    public ProducerGang(int producers, int offersPerThread, Func<Activity, bool> offer, Func<Activity> newSpan)
    {
        _offersPerThread = offersPerThread;
        _offer = offer;
        _start = new Barrier(producers + 1);
        _done = new CountdownEvent(producers);
        _threads = Enumerable.Range(0, producers).Select(i =>
        {
            var span = newSpan();
            return new Thread(() => Produce(span)) { IsBackground = true, Name = $"producer-{i}" };
        }).ToArray();
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public long Accepted => Interlocked.Read(ref _accepted);

    public void RunOnce()
    {
        _done.Reset();
        _start.SignalAndWait();
        _done.Wait();
    }

    public void Dispose()
    {
        _stopping = true;
        _start.SignalAndWait();
        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }

    private void Produce(Activity span)
    {
        while (true)
        {
            _start.SignalAndWait();
            if (_stopping)
            {
                return;
            }

            long accepted = 0;
            for (var i = 0; i < _offersPerThread; i++)
            {
                if (_offer(span))
                {
                    accepted++;
                }
            }

            Interlocked.Add(ref _accepted, accepted);
            _done.Signal();
        }
    }
}
