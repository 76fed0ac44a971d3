using Sightline.Spi.Plugins;

namespace Sightline.Plugins.AdoNet.Sqlite;

/// <summary>
/// Exit spans for Microsoft.Data.Sqlite commands. Switch it off with <c>SIGHTLINE_PLUGINS_EXCLUDE=adonet-sqlite</c>.
/// </summary>
public sealed class SqlitePlugin : SightlinePlugin
{
    internal const string AssemblyName = "Microsoft.Data.Sqlite";
    internal const string CommandType = "Microsoft.Data.Sqlite.SqliteCommand";

    /// <inheritdoc />
    public override string Id => "adonet-sqlite";

    // Assembly version = package version (8.0.x -> 8.0.x.0). Tested with 8.0 and 10.0; the three targets have kept
    // their shape since 6.0.
    /// <inheritdoc />
    public override AssemblyWitness TargetAssembly => new(AssemblyName, "[6.0, 11.*]");

    /// <inheritdoc />
    public override IEnumerable<string> WitnessTypes => [CommandType];

    /// <inheritdoc />
    public override IEnumerable<MethodWitness> WitnessMethods =>
    [
        new(CommandType, CommandMethods.Reader),
        new(CommandType, CommandMethods.NonQuery),
        new(CommandType, CommandMethods.Scalar),
    ];

    /// <inheritdoc />
    public override IEnumerable<Instrumentation> Instrumentations => [new SqliteCommandInstrumentation()];
}
