using System.Data.Common;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.AdoNet.Sqlite;

/// <summary>
/// Intercepts <c>SqliteDataReader SqliteCommand.ExecuteReader(CommandBehavior)</c>, <c>int ExecuteNonQuery()</c> and
/// <c>object ExecuteScalar()</c>: an Exit span per command, from the call to its return (a reader's rows are read
/// after the span ends, as in SkyWalking).
/// </summary>
[TypedInterceptor]
public static class SqliteCommandInterceptor
{
    /// <summary>Opens the Exit span.</summary>
    /// <param name="instance">The command.</param>
    /// <param name="state">The span.</param>
    public static void OnEnter(DbCommand instance, ref TracingSpan state) => state = CommandSpan.Open(instance, DbSystem.Sqlite);

    /// <summary>Stops the span.</summary>
    /// <param name="state">The span.</param>
    public static void OnExit(ref TracingSpan state) => state.Stop();

    /// <summary>Records the failure and stops the span.</summary>
    /// <param name="exception">What the command threw.</param>
    /// <param name="state">The span.</param>
    public static void OnException(Exception exception, ref TracingSpan state) => state.RecordException(exception).Stop();
}
