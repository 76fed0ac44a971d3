using System.Data.Common;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.AdoNet.Npgsql;

/// <summary>
/// Intercepts <c>NpgsqlCommand.ExecuteReader(CommandBehavior)</c>, <c>ExecuteReaderAsync(CommandBehavior,
/// CancellationToken)</c>, <c>ExecuteDbDataReaderAsync(CommandBehavior, CancellationToken)</c>,
/// <c>ExecuteNonQuery()</c>, <c>ExecuteNonQueryAsync(CancellationToken)</c>, <c>ExecuteScalar()</c> and
/// <c>ExecuteScalarAsync(CancellationToken)</c>: an Exit span per command; for the async ones it ends when the task
/// completes (a cancelled command is recorded as an error).
/// </summary>
[TypedInterceptor]
public static class NpgsqlCommandInterceptor
{
    /// <summary>Opens the Exit span.</summary>
    /// <param name="instance">The command.</param>
    /// <param name="state">The span.</param>
    public static void OnEnter(DbCommand instance, ref TracingSpan state) => state = CommandSpan.Open(instance, DbSystem.PostgreSql);

    /// <summary>Stops the span.</summary>
    /// <param name="state">The span.</param>
    public static void OnExit(ref TracingSpan state) => state.Stop();

    /// <summary>Records the failure and stops the span.</summary>
    /// <param name="exception">What the command threw.</param>
    /// <param name="state">The span.</param>
    public static void OnException(Exception exception, ref TracingSpan state) => state.RecordException(exception).Stop();
}
