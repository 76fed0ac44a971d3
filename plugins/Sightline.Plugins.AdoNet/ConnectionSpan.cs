using System.Data.Common;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.AdoNet;

/// <summary>
/// The Exit span of opening a connection to a database server (<c>PostgreSQL Open</c>): a pooled open is short, a
/// refused or timed-out one is where the error shows; no statement runs, so there is no <c>db.query.text</c>.
/// </summary>
internal static class ConnectionSpan
{
    /// <summary>Opens the span with the peer and database the connection string names.</summary>
    public static TracingSpan Open(DbConnection connection, DbSystem system)
    {
        if (!Tracer.IsInstalled)
        {
            return default;
        }

        var target = system.TargetOf(connection);
        var span = Tracer.CreateExitSpan(system.OperationName(AdoNetNames.OpenOperation), target.Peer, SpanLayer.Database);
        if (span.IsRecording)
        {
            span.SetComponent(system.Component)
                .SetTag(AdoNetNames.System, system.Name)
                .SetTag(AdoNetNames.Namespace, target.Database);
            if (target.Host is not null)
            {
                span.SetTag(AdoNetNames.ServerAddress, target.Host).SetTag(AdoNetNames.ServerPort, target.Port);
            }
        }

        return span;
    }
}
