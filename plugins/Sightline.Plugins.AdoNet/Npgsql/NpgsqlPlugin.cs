using Sightline.Spi.Plugins;

namespace Sightline.Plugins.AdoNet.Npgsql;

/// <summary>
/// Exit spans for Npgsql (PostgreSQL) commands. Switch it off with <c>SIGHTLINE_PLUGINS_EXCLUDE=adonet-npgsql</c>.
/// </summary>
public sealed class NpgsqlPlugin : SightlinePlugin
{
    internal const string AssemblyName = "Npgsql";
    internal const string ConnectionType = "Npgsql.NpgsqlConnection";
    internal const string CommandType = "Npgsql.NpgsqlCommand";

    /// <inheritdoc />
    public override string Id => "adonet-npgsql";

    // Assembly version = package version. Tested with 8.0 and 10.0; the public execute methods have had these
    // signatures since 6.0.
    /// <inheritdoc />
    public override AssemblyWitness TargetAssembly => new(AssemblyName, "[6.0, 10.*]");

    /// <inheritdoc />
    public override IEnumerable<string> WitnessTypes => [CommandType, ConnectionType];

    /// <inheritdoc />
    public override IEnumerable<MethodWitness> WitnessMethods =>
    [
        new(CommandType, CommandMethods.Reader),
        new(CommandType, CommandMethods.ReaderAsync),
        new(CommandType, CommandMethods.DbDataReaderAsync),
        new(CommandType, CommandMethods.NonQuery),
        new(CommandType, CommandMethods.NonQueryAsync),
        new(CommandType, CommandMethods.Scalar),
        new(CommandType, CommandMethods.ScalarAsync),
        new(ConnectionType, CommandMethods.Open),
        new(ConnectionType, CommandMethods.OpenAsync),
    ];

    /// <inheritdoc />
    public override IEnumerable<Instrumentation> Instrumentations => [new NpgsqlCommandInstrumentation(), new NpgsqlConnectionInstrumentation()];
}
