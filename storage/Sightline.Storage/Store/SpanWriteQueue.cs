using System.Threading.Channels;
using Sightline.Storage.Model;

namespace Sightline.Storage.Store;

/// <summary>
/// Batches writes: callers enqueue their spans and wait; one writer loop commits everything pending in one
/// transaction, so many small writes (Jaeger's collector sends one span per call) cost one commit.
/// The queue is bounded, so a slow disk slows writers down instead of growing memory.
/// </summary>
public sealed class SpanWriteQueue : IAsyncDisposable
{
    private readonly Channel<Pending> _channel = Channel.CreateBounded<Pending>(new BoundedChannelOptions(256) { SingleReader = true });
    private readonly Func<IReadOnlyList<SpanRecord>, CancellationToken, Task> _commit;
    private readonly int _maxBatchSpans;
    private readonly Task _loop;

    public SpanWriteQueue(Func<IReadOnlyList<SpanRecord>, CancellationToken, Task> commit, int maxBatchSpans = 20_000)
    {
        _commit = commit;
        _maxBatchSpans = maxBatchSpans;
        _loop = Task.Run(RunAsync);
    }

    public async Task WriteAsync(IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken)
    {
        if (spans.Count == 0)
        {
            return;
        }

        var pending = new Pending(spans, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _channel.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        await pending.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>();
        var spans = new List<SpanRecord>();
        while (await _channel.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            spans.Clear();
            while (spans.Count < _maxBatchSpans && _channel.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                spans.AddRange(pending.Spans);
            }

            try
            {
                await _commit(spans, CancellationToken.None).ConfigureAwait(false);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                // The commit failed as a whole: every caller of this batch hears about it and nothing was kept.
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(ex);
                }
            }
        }
    }

    private sealed record Pending(IReadOnlyList<SpanRecord> Spans, TaskCompletionSource Done);
}
