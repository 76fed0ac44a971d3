using System.Threading.Channels;

namespace Sightline.Storage.Store;

/// <summary>
/// Batches writes: callers enqueue their prepared batches and wait; one writer loop commits everything pending in
/// one transaction, so many small writes (Jaeger's collector sends one span per call) cost one commit.
/// The queue is bounded, so a slow disk slows writers down instead of growing memory.
/// </summary>
public sealed class SpanWriteQueue : IAsyncDisposable
{
    private readonly Channel<Pending> _channel = Channel.CreateBounded<Pending>(new BoundedChannelOptions(256) { SingleReader = true });
    private readonly Func<WriteBatch, CancellationToken, Task> _commit;
    private readonly int _maxBatchSpans;
    private readonly Task _loop;

    public SpanWriteQueue(Func<WriteBatch, CancellationToken, Task> commit, int maxBatchSpans = 20_000)
    {
        _commit = commit;
        _maxBatchSpans = maxBatchSpans;
        _loop = Task.Run(RunAsync);
    }

    public async Task WriteAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Spans.Count == 0)
        {
            return;
        }

        var pending = new Pending(batch, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
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
        var pendings = new List<Pending>();
        var batches = new List<WriteBatch>();
        while (await _channel.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            pendings.Clear();
            batches.Clear();
            var spans = 0;
            while (spans < _maxBatchSpans && _channel.Reader.TryRead(out var pending))
            {
                pendings.Add(pending);
                batches.Add(pending.Batch);
                spans += pending.Batch.Spans.Count;
            }

            try
            {
                await _commit(WriteBatch.Combine(batches), CancellationToken.None).ConfigureAwait(false);
                foreach (var pending in pendings)
                {
                    pending.Done.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                // The commit failed as a whole: every caller of this batch hears about it and nothing was kept.
                foreach (var pending in pendings)
                {
                    pending.Done.TrySetException(ex);
                }
            }
        }
    }

    private sealed record Pending(WriteBatch Batch, TaskCompletionSource Done);
}
