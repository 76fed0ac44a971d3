namespace Sightline.Core.Tracing.Context;

/// <summary>
/// Marks the agent's own work (exporting, flushing) so that the calls it makes, an HTTP or gRPC request to the
/// backend, start no trace: otherwise every export would produce spans to export, without end. It flows with the
/// execution context, so continuations of an async export stay suppressed on whatever thread they run.
/// </summary>
public static class SpanSuppression
{
    private static readonly AsyncLocal<bool> Active = new();

    /// <summary>True inside <see cref="Begin"/>'s scope.</summary>
    public static bool IsActive => Active.Value;

    /// <summary>Suppresses new traces until the returned scope is disposed.</summary>
    public static Scope Begin()
    {
        var previous = Active.Value;
        Active.Value = true;
        return new Scope(previous);
    }

    /// <summary>Restores the state <see cref="Begin"/> found.</summary>
    public readonly struct Scope(bool previous) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => Active.Value = previous;
    }
}
