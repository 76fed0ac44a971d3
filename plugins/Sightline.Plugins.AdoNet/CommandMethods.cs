using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.AdoNet;

/// <summary>
/// The execute methods of a provider's command type, each matched by its exact parameter list so that a provider's
/// private overloads of the same name (Npgsql's <c>ExecuteNonQuery(bool async, CancellationToken)</c>) are left alone.
/// </summary>
internal static class CommandMethods
{
    public static MethodMatch Reader { get; } =
        MethodMatch.Named(AdoNetNames.ExecuteReader) & MethodMatch.ParameterTypes(AdoNetNames.CommandBehavior);

    public static MethodMatch ReaderAsync { get; } =
        MethodMatch.Named(AdoNetNames.ExecuteReaderAsync) & MethodMatch.ParameterTypes(AdoNetNames.CommandBehavior, AdoNetNames.CancellationToken);

    public static MethodMatch DbDataReaderAsync { get; } =
        MethodMatch.Named(AdoNetNames.ExecuteDbDataReaderAsync) & MethodMatch.ParameterTypes(AdoNetNames.CommandBehavior, AdoNetNames.CancellationToken);

    public static MethodMatch NonQuery { get; } = MethodMatch.Named(AdoNetNames.ExecuteNonQuery) & MethodMatch.ParameterCount(0);

    public static MethodMatch NonQueryAsync { get; } =
        MethodMatch.Named(AdoNetNames.ExecuteNonQueryAsync) & MethodMatch.ParameterTypes(AdoNetNames.CancellationToken);

    public static MethodMatch Scalar { get; } = MethodMatch.Named(AdoNetNames.ExecuteScalar) & MethodMatch.ParameterCount(0);

    public static MethodMatch ScalarAsync { get; } =
        MethodMatch.Named(AdoNetNames.ExecuteScalarAsync) & MethodMatch.ParameterTypes(AdoNetNames.CancellationToken);

    public static MethodMatch Open { get; } = MethodMatch.Named(AdoNetNames.Open) & MethodMatch.ParameterCount(0);

    public static MethodMatch OpenAsync { get; } =
        MethodMatch.Named(AdoNetNames.OpenAsync) & MethodMatch.ParameterTypes(AdoNetNames.CancellationToken);

    // Every public Open / OpenAsync overload (SqlClient adds ones taking SqlConnectionOverrides, which the plain ones
    // call: the nesting rule keeps the outer span). The private Open(bool async, ...) workers are left alone.
    public static MethodMatch AnyOpen { get; } =
        MethodMatch.NamedAny(AdoNetNames.Open, AdoNetNames.OpenAsync) & MethodMatch.Visibility(MethodVisibility.Public);
}
