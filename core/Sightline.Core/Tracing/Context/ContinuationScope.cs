using System.Diagnostics;
using Sightline.Spi.Tracing.Internal;

namespace Sightline.Core.Tracing.Context;

/// <summary>Restores the context that was active before <c>Continue</c> when disposed.</summary>
internal sealed class ContinuationScope : IDisposable
{
    public static readonly ContinuationScope Empty = new(null, null, null);

    private readonly AsyncLocal<Continuation?>? _slot;
    private readonly Activity? _previous;
    private readonly Continuation? _previousContinuation;

    public ContinuationScope(AsyncLocal<Continuation?>? slot, Activity? previous, Continuation? previousContinuation)
    {
        _slot = slot;
        _previous = previous;
        _previousContinuation = previousContinuation;
    }

    public void Dispose()
    {
        if (_slot is null)
        {
            return;
        }

        Activity.Current = ActivityScopes.FirstRunning(_previous);
        if (_slot.Value != _previousContinuation)
        {
            _slot.Value = _previousContinuation;
        }
    }
}
