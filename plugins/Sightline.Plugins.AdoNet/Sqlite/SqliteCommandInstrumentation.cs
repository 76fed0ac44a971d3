using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.AdoNet.Sqlite;

/// <summary>
/// <c>SqliteCommand.ExecuteReader(CommandBehavior)</c>, <c>ExecuteNonQuery()</c> and <c>ExecuteScalar()</c>. SQLite runs
/// every command synchronously: <c>ExecuteReader()</c>, <c>ExecuteDbDataReader</c>, <c>ExecuteReaderAsync</c> and
/// <c>ExecuteDbDataReaderAsync</c> all end in <c>ExecuteReader(CommandBehavior)</c>, and the async non-query and scalar
/// methods are <c>DbCommand</c>'s, which call the sync ones. <c>ExecuteNonQuery</c> and <c>ExecuteScalar</c> read
/// through <c>ExecuteReader</c> themselves; the tracer's nesting rule folds that inner Exit into theirs.
/// </summary>
public sealed class SqliteCommandInstrumentation : Instrumentation
{
    /// <inheritdoc />
    public override ClassMatch Types => ClassMatch.Name(SqlitePlugin.CommandType);

    /// <inheritdoc />
    public override IEnumerable<InterceptPoint> InterceptPoints =>
        [InterceptPoint.InstanceMethods(CommandMethods.Reader | CommandMethods.NonQuery | CommandMethods.Scalar, typeof(SqliteCommandInterceptor))];
}
