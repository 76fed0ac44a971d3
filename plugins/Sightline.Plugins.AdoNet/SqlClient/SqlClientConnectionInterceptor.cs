using System.Data.Common;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.AdoNet.SqlClient;

/// <summary>
/// Intercepts <c>void SqlConnection.Open(...)</c> and <c>Task SqlConnection.OpenAsync(...)</c>: an Exit span per open,
/// ended when the connection is open or has failed.
/// </summary>
[TypedInterceptor]
public static class SqlClientConnectionInterceptor
{
    /// <summary>Opens the Exit span.</summary>
    /// <param name="instance">The connection.</param>
    /// <param name="state">The span.</param>
    public static void OnEnter(DbConnection instance, ref TracingSpan state) => state = ConnectionSpan.Open(instance, DbSystem.SqlServer);

    /// <summary>Stops the span.</summary>
    /// <param name="state">The span.</param>
    public static void OnExit(ref TracingSpan state) => state.Stop();

    /// <summary>Records the failure and stops the span.</summary>
    /// <param name="exception">What the open threw.</param>
    /// <param name="state">The span.</param>
    public static void OnException(Exception exception, ref TracingSpan state) => state.RecordException(exception).Stop();
}
