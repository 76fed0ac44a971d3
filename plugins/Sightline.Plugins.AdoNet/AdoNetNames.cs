namespace Sightline.Plugins.AdoNet;

/// <summary>Tag keys of the ADO.NET plugins (OpenTelemetry's database semantic conventions).</summary>
internal static class AdoNetNames
{
    public const string System = "db.system";
    public const string Namespace = "db.namespace";
    public const string QueryText = "db.query.text";
    public const string OperationName = "db.operation.name";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";

    // The command methods every provider shares (System.Data.Common.DbCommand's virtuals and their typed twins).
    public const string ExecuteReader = "ExecuteReader";
    public const string ExecuteReaderAsync = "ExecuteReaderAsync";
    public const string ExecuteDbDataReader = "ExecuteDbDataReader";
    public const string ExecuteDbDataReaderAsync = "ExecuteDbDataReaderAsync";
    public const string ExecuteNonQuery = "ExecuteNonQuery";
    public const string ExecuteNonQueryAsync = "ExecuteNonQueryAsync";
    public const string ExecuteScalar = "ExecuteScalar";
    public const string ExecuteScalarAsync = "ExecuteScalarAsync";

    public const string Open = "Open";
    public const string OpenAsync = "OpenAsync";
    public const string OpenOperation = "Open";

    public const string CommandBehavior = "System.Data.CommandBehavior";
    public const string CancellationToken = "System.Threading.CancellationToken";
}
