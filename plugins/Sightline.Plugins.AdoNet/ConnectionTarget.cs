namespace Sightline.Plugins.AdoNet;

/// <summary>Where a connection string points: the span's peer, and the server address, port and database behind it.</summary>
/// <param name="Peer"><c>host:port</c>, or for SQLite the database file name.</param>
/// <param name="Host">The server host, or null (SQLite).</param>
/// <param name="Port">The server port, or 0 (SQLite).</param>
/// <param name="Database">The database named by the connection string, or null.</param>
internal sealed record ConnectionTarget(string Peer, string? Host, int Port, string? Database)
{
    /// <summary>What a connection string that cannot be read resolves to: still a span, with an honest peer.</summary>
    public static ConnectionTarget Unknown { get; } = new("unknown", null, 0, null);
}
