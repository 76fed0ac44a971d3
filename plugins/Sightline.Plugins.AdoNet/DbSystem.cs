using System.Collections.Concurrent;
using System.Data.Common;

namespace Sightline.Plugins.AdoNet;

/// <summary>
/// What a provider's spans say about it: the <c>db.system</c> value, the name that starts each operation name, the
/// component, and how its connection string names the server.
/// </summary>
internal sealed class DbSystem
{
    // Parsing a connection string costs microseconds; an app uses a handful of them, so the result is kept per string.
    // A flood of distinct strings (one per tenant, say) is bounded by starting over rather than growing.
    private const int MaxCachedTargets = 256;

    private readonly ConcurrentDictionary<string, ConnectionTarget> _targets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _operationNames = new(StringComparer.Ordinal);

    private DbSystem(string name, string display, string component, Func<string, ConnectionTarget> parse, bool namespaceFromConnection)
    {
        Name = name;
        Display = display;
        Component = component;
        Parse = parse;
        NamespaceFromConnection = namespaceFromConnection;
    }

    public static DbSystem Sqlite { get; } = new("sqlite", "SQLite", "Sqlite", ConnectionStringReader.Sqlite, namespaceFromConnection: false);

    public static DbSystem PostgreSql { get; } = new("postgresql", "PostgreSQL", "Npgsql", ConnectionStringReader.Npgsql, namespaceFromConnection: true);

    public static DbSystem SqlServer { get; } = new("mssql", "SqlServer", "SqlClient", ConnectionStringReader.SqlClient, namespaceFromConnection: true);

    /// <summary>The <c>db.system</c> tag value.</summary>
    public string Name { get; }

    /// <summary>The first word of every operation name, for example <c>PostgreSQL SELECT</c>.</summary>
    public string Display { get; }

    /// <summary>The <c>sightline.component</c> tag value.</summary>
    public string Component { get; }

    /// <summary>True where <c>[name]</c> is an identifier rather than an array subscript.</summary>
    public bool BracketIdentifiers => !ReferenceEquals(this, PostgreSql);

    /// <summary>Reads server, port and database out of a connection string.</summary>
    public Func<string, ConnectionTarget> Parse { get; }

    // SQLite's DbConnection.Database is always "main": its file is the only useful name. The network providers'
    // Database follows `USE` / `ChangeDatabase`, so it is read at each call rather than from the connection string.
    private bool NamespaceFromConnection { get; }

    /// <summary>The span name for a keyword from <see cref="SqlOperation"/>, for example <c>SQLite SELECT</c>.</summary>
    public string OperationName(string keyword) => _operationNames.GetOrAdd(keyword, static (k, display) => string.Concat(display, " ", k), Display);

    /// <summary>Where <paramref name="connection"/> points; <see cref="ConnectionTarget.Unknown"/> when it cannot tell.</summary>
    public ConnectionTarget TargetOf(DbConnection connection)
    {
        string? connectionString;
        try
        {
            connectionString = connection.ConnectionString;
        }
        catch (Exception)
        {
            return ConnectionTarget.Unknown;
        }

        if (string.IsNullOrEmpty(connectionString))
        {
            return ConnectionTarget.Unknown;
        }

        if (_targets.TryGetValue(connectionString, out var known))
        {
            return known;
        }

        if (_targets.Count >= MaxCachedTargets)
        {
            _targets.Clear();
        }

        var target = Parse(connectionString);
        _targets.TryAdd(connectionString, target);
        return target;
    }

    /// <summary>The database name of a command's connection.</summary>
    public string? DatabaseOf(DbConnection connection, ConnectionTarget target)
    {
        if (!NamespaceFromConnection)
        {
            return target.Database;
        }

        try
        {
            return connection.Database is { Length: > 0 } name ? name : target.Database;
        }
        catch (Exception)
        {
            // A provider may refuse to answer on a broken connection; the connection string still knows.
            return target.Database;
        }
    }
}
