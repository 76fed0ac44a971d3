using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.AdoNet.SqlClient;

/// <summary>
/// The public <c>Open</c> and <c>OpenAsync</c> overloads of <c>SqlConnection</c>: a refused, unreachable or
/// timed-out server shows as an error Exit span at the point the application met it.
/// </summary>
public sealed class SqlClientConnectionInstrumentation : Instrumentation
{
    /// <inheritdoc />
    public override ClassMatch Types => ClassMatch.Name(SqlClientPlugin.ConnectionType);

    /// <inheritdoc />
    public override IEnumerable<InterceptPoint> InterceptPoints =>
        [InterceptPoint.InstanceMethods(CommandMethods.AnyOpen, typeof(SqlClientConnectionInterceptor))];
}
