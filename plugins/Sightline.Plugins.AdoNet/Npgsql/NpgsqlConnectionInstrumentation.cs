using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.AdoNet.Npgsql;

/// <summary>
/// The public <c>Open</c> and <c>OpenAsync</c> overloads of <c>NpgsqlConnection</c>: a refused, unreachable or
/// timed-out server shows as an error Exit span at the point the application met it.
/// </summary>
public sealed class NpgsqlConnectionInstrumentation : Instrumentation
{
    /// <inheritdoc />
    public override ClassMatch Types => ClassMatch.Name(NpgsqlPlugin.ConnectionType);

    /// <inheritdoc />
    public override IEnumerable<InterceptPoint> InterceptPoints =>
        [InterceptPoint.InstanceMethods(CommandMethods.AnyOpen, typeof(NpgsqlConnectionInterceptor))];
}
