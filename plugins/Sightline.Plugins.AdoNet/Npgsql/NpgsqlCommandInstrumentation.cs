using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.AdoNet.Npgsql;

/// <summary>
/// <c>NpgsqlCommand</c>'s public execute methods, sync and async: <c>ExecuteReader(CommandBehavior)</c> (which
/// <c>ExecuteReader()</c> and <c>ExecuteDbDataReader</c> call), <c>ExecuteReaderAsync(CommandBehavior,
/// CancellationToken)</c> (the other <c>ExecuteReaderAsync</c> overloads call it), <c>ExecuteDbDataReaderAsync</c>
/// (which goes straight to the private reader method), <c>ExecuteNonQuery[Async]</c> and <c>ExecuteScalar[Async]</c>.
/// Npgsql overrides every async method with real asynchronous I/O, and each of these calls private methods only, so
/// one call is one span; where one public method calls another the nesting rule keeps the outer span.
/// </summary>
public sealed class NpgsqlCommandInstrumentation : Instrumentation
{
    /// <inheritdoc />
    public override ClassMatch Types => ClassMatch.Name(NpgsqlPlugin.CommandType);

    /// <inheritdoc />
    public override IEnumerable<InterceptPoint> InterceptPoints =>
    [
        InterceptPoint.InstanceMethods(
            CommandMethods.Reader | CommandMethods.ReaderAsync | CommandMethods.DbDataReaderAsync
            | CommandMethods.NonQuery | CommandMethods.NonQueryAsync | CommandMethods.Scalar | CommandMethods.ScalarAsync,
            typeof(NpgsqlCommandInterceptor)),
    ];
}
