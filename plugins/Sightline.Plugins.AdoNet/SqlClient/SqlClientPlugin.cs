using Sightline.Spi.Plugins;

namespace Sightline.Plugins.AdoNet.SqlClient;

/// <summary>
/// Exit spans for Microsoft.Data.SqlClient (SQL Server) commands. Switch it off with
/// <c>SIGHTLINE_PLUGINS_EXCLUDE=adonet-sqlclient</c>.
/// </summary>
public sealed class SqlClientPlugin : SightlinePlugin
{
    internal const string AssemblyName = "Microsoft.Data.SqlClient";
    internal const string ConnectionType = "Microsoft.Data.SqlClient.SqlConnection";
    internal const string CommandType = "Microsoft.Data.SqlClient.SqlCommand";

    /// <inheritdoc />
    public override string Id => "adonet-sqlclient";

    // The assembly version is major.0.0.0 (package 6.1.x -> 6.0.0.0). Tested with 6.1; the execute methods have had
    // these signatures since 1.0.
    /// <inheritdoc />
    public override AssemblyWitness TargetAssembly => new(AssemblyName, "[2.0, 7.*]");

    /// <inheritdoc />
    public override IEnumerable<string> WitnessTypes => [CommandType, ConnectionType];

    /// <inheritdoc />
    public override IEnumerable<MethodWitness> WitnessMethods =>
    [
        new(CommandType, CommandMethods.Reader),
        new(CommandType, CommandMethods.ReaderAsync),
        new(CommandType, CommandMethods.NonQuery),
        new(CommandType, CommandMethods.NonQueryAsync),
        new(CommandType, CommandMethods.Scalar),
        new(CommandType, CommandMethods.ScalarAsync),
        new(ConnectionType, CommandMethods.Open),
        new(ConnectionType, CommandMethods.OpenAsync),
    ];

    /// <inheritdoc />
    public override IEnumerable<Instrumentation> Instrumentations => [new SqlClientCommandInstrumentation(), new SqlClientConnectionInstrumentation()];
}
