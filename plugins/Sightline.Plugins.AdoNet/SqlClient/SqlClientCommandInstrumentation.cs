using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.AdoNet.SqlClient;

/// <summary>
/// <c>SqlCommand.ExecuteReader(CommandBehavior)</c> (which <c>ExecuteReader()</c> and <c>ExecuteDbDataReader</c> call),
/// <c>ExecuteReaderAsync(CommandBehavior, CancellationToken)</c> (which the other <c>ExecuteReaderAsync</c> overloads and
/// <c>ExecuteDbDataReaderAsync</c> call), <c>ExecuteNonQuery[Async]</c> and <c>ExecuteScalar[Async]</c>.
/// <c>ExecuteScalarAsync</c> reads through <c>ExecuteReaderAsync</c>; the nesting rule keeps its own span only.
/// </summary>
public sealed class SqlClientCommandInstrumentation : Instrumentation
{
    /// <inheritdoc />
    public override ClassMatch Types => ClassMatch.Name(SqlClientPlugin.CommandType);

    /// <inheritdoc />
    public override IEnumerable<InterceptPoint> InterceptPoints =>
    [
        InterceptPoint.InstanceMethods(
            CommandMethods.Reader | CommandMethods.ReaderAsync
            | CommandMethods.NonQuery | CommandMethods.NonQueryAsync | CommandMethods.Scalar | CommandMethods.ScalarAsync,
            typeof(SqlClientCommandInterceptor)),
    ];
}
