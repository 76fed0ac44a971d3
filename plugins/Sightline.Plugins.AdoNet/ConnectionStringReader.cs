using System.Data.Common;
using System.Globalization;

namespace Sightline.Plugins.AdoNet;

/// <summary>
/// Reads the server and database out of each provider's connection string with the BCL's
/// <see cref="DbConnectionStringBuilder"/> (keys are case-insensitive there), never with the provider's own types.
/// A string it cannot read gives <see cref="ConnectionTarget.Unknown"/>: the span is still made.
/// </summary>
internal static class ConnectionStringReader
{
    private const int PostgresPort = 5432;
    private const int SqlServerPort = 1433;
    private const string MemoryPeer = "memory";

    /// <summary>Microsoft.Data.Sqlite: the peer and database are the file name (never its directory).</summary>
    public static ConnectionTarget Sqlite(string connectionString)
    {
        if (Read(connectionString) is not { } builder)
        {
            return ConnectionTarget.Unknown;
        }

        var source = First(builder, "Data Source", "DataSource", "Filename");
        var name = SqliteFileName(source);
        return new ConnectionTarget(name, null, 0, name);
    }

    /// <summary>Npgsql: <c>Host</c> (its first entry when it lists several), <c>Port</c>, <c>Database</c>.</summary>
    public static ConnectionTarget Npgsql(string connectionString)
    {
        if (Read(connectionString) is not { } builder)
        {
            return ConnectionTarget.Unknown;
        }

        var hosts = First(builder, "Host", "Server");
        var port = Port(First(builder, "Port"), PostgresPort);
        var host = hosts?.Split(',')[0].Trim();
        if (string.IsNullOrEmpty(host))
        {
            host = "localhost";
        }
        else if (!host.StartsWith('/') && host.LastIndexOf(':') is var colon and > 0 && host.IndexOf(']', StringComparison.Ordinal) < colon)
        {
            // Npgsql accepts "host:port" inside the host list; IPv6 literals come bracketed.
            port = Port(host[(colon + 1)..], port);
            host = host[..colon];
        }

        return new ConnectionTarget(Peer(host, port), host, port, First(builder, "Database", "DB"));
    }

    /// <summary>
    /// Microsoft.Data.SqlClient: <c>Data Source</c> (or its aliases) as <c>[tcp:]host[\instance][,port]</c>,
    /// <c>Initial Catalog</c> (or <c>Database</c>).
    /// </summary>
    public static ConnectionTarget SqlClient(string connectionString)
    {
        if (Read(connectionString) is not { } builder)
        {
            return ConnectionTarget.Unknown;
        }

        var source = First(builder, "Data Source", "Server", "Address", "Addr", "Network Address")?.Trim() ?? string.Empty;
        var protocol = source.IndexOf(':', StringComparison.Ordinal);
        if (protocol > 0 && source.IndexOf('\\', StringComparison.Ordinal) is var slash && (slash < 0 || protocol < slash) && !source.StartsWith('['))
        {
            source = source[(protocol + 1)..];
        }

        var port = SqlServerPort;
        var comma = source.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            port = Port(source[(comma + 1)..], SqlServerPort);
            source = source[..comma];
        }

        var instance = source.IndexOf('\\', StringComparison.Ordinal);
        var host = (instance >= 0 ? source[..instance] : source).Trim();
        if (host is "" or "." or "(local)")
        {
            host = "localhost";
        }

        return new ConnectionTarget(Peer(host, port), host, port, First(builder, "Initial Catalog", "Database"));
    }

    private static string SqliteFileName(string? source)
    {
        if (string.IsNullOrWhiteSpace(source) || source.Equals(":memory:", StringComparison.OrdinalIgnoreCase))
        {
            return MemoryPeer;
        }

        if (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            // A URI filename: file:orders.db?mode=memory&cache=shared
            source = source[5..];
            var query = source.IndexOf('?', StringComparison.Ordinal);
            if (query >= 0)
            {
                source = source[..query];
            }
        }

        var name = Path.GetFileName(source.Replace('\\', '/'));
        return name.Length == 0 || name.Equals(":memory:", StringComparison.OrdinalIgnoreCase) ? MemoryPeer : name;
    }

    private static DbConnectionStringBuilder? Read(string connectionString)
    {
        try
        {
            return new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            // The provider reports a malformed connection string to the app; the span just cannot name the server.
            return null;
        }
    }

    private static string? First(DbConnectionStringBuilder builder, params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (builder.TryGetValue(key, out var value) && Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    private static int Port(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : fallback;

    private static string Peer(string host, int port) => string.Concat(host, ":", port.ToString(CultureInfo.InvariantCulture));
}
