using System.Data;
using System.Data.Common;
using Sightline.Spi.Tracing;

namespace Sightline.Plugins.AdoNet;

/// <summary>The Exit span of one command execution, shared by every provider's interceptor.</summary>
internal static class CommandSpan
{
    /// <summary>Opens the span: <c>{system} {KEYWORD}</c>, peer, database and the masked statement.</summary>
    public static TracingSpan Open(DbCommand command, DbSystem system)
    {
        if (!Tracer.IsInstalled)
        {
            return default;
        }

        var text = command.CommandText ?? string.Empty;
        var keyword = command.CommandType == CommandType.StoredProcedure ? SqlOperation.Call : SqlOperation.Of(text);
        var connection = command.Connection;
        var target = connection is null ? ConnectionTarget.Unknown : system.TargetOf(connection);
        var span = Tracer.CreateExitSpan(system.OperationName(keyword), target.Peer, SpanLayer.Database);
        if (!span.IsRecording)
        {
            // Not sampled, or inside another Exit span (a provider method calling another one): nothing to write.
            return span;
        }

        span.SetComponent(system.Component)
            .SetTag(AdoNetNames.System, system.Name)
            .SetTag(AdoNetNames.OperationName, keyword)
            .SetTag(AdoNetNames.Namespace, connection is null ? null : system.DatabaseOf(connection, target));
        if (target.Host is not null)
        {
            span.SetTag(AdoNetNames.ServerAddress, target.Host).SetTag(AdoNetNames.ServerPort, target.Port);
        }

        var options = AdoNetOptions.Current;
        if (options.RecordsStatements && text.Length > 0)
        {
            span.SetTag(AdoNetNames.QueryText, SqlMasker.Mask(text, options.MaxStatementLength, system.BracketIdentifiers));
        }

        return span;
    }
}
