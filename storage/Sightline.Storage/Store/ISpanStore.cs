using Sightline.Storage.Model;

namespace Sightline.Storage.Store;

/// <summary>The one storage interface both backends implement; every reader and writer API goes through it.</summary>
public interface ISpanStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Stores the spans; completes once they are committed (writes from concurrent callers share a transaction).</summary>
    Task WriteAsync(IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> GetServicesAsync(CancellationToken cancellationToken);

    /// <summary>Operations of a service; an empty or null kind means every kind.</summary>
    Task<IReadOnlyList<OperationEntry>> GetOperationsAsync(string service, string? spanKind, CancellationToken cancellationToken);

    /// <summary>Every span of the trace, duplicates included, ordered by start time; empty when unknown.</summary>
    Task<IReadOnlyList<StoredSpan>> GetTraceAsync(TraceId traceId, CancellationToken cancellationToken);

    /// <summary>
    /// Several traces in one round trip, in the order asked (an unknown id gets an empty list); for search results,
    /// which otherwise cost a query per trace. Callers ask for a bounded number at a time (<see cref="TracesPerRead"/>).
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<StoredSpan>>> GetTracesAsync(IReadOnlyList<TraceId> traceIds, CancellationToken cancellationToken);

    /// <summary>How many traces a caller of <see cref="GetTracesAsync"/> asks for at once.</summary>
    const int TracesPerRead = 50;

    /// <summary>The newest <see cref="TraceQuery.Limit"/> traces with a span matching the query, newest first.</summary>
    Task<IReadOnlyList<FoundTrace>> FindTraceIdsAsync(TraceQuery query, CancellationToken cancellationToken);

    /// <summary>Parent-service to child-service calls for child spans starting in the window.</summary>
    Task<IReadOnlyList<DependencyEdge>> GetDependenciesAsync(long startNanos, long endNanos, CancellationToken cancellationToken);

    /// <summary>Deletes spans that started before the cutoff; returns how many.</summary>
    Task<long> PurgeOlderThanAsync(long cutoffNanos, CancellationToken cancellationToken);

    /// <summary>Deletes everything (the test-only purge endpoint).</summary>
    Task PurgeAllAsync(CancellationToken cancellationToken);
}
