using Sightline.Spi.Plugins.Matching;

namespace Sightline.Spi.Plugins;

/// <summary>
/// One class-match rule and the intercept points applied to every type it matches (SkyWalking's
/// <c>ClassEnhancePluginDefine</c>). Name subclasses <c>&lt;Target&gt;Instrumentation</c>.
/// </summary>
/// <example>
/// <code>
/// public sealed class SqliteCommandInstrumentation : Instrumentation
/// {
///     public override ClassMatch Types => ClassMatch.Name("Microsoft.Data.Sqlite.SqliteCommand");
///
///     public override IEnumerable&lt;InterceptPoint&gt; InterceptPoints =>
///     [
///         InterceptPoint.InstanceMethods(MethodMatch.Named("ExecuteReader") &amp; MethodMatch.ParameterCount(1), typeof(CommandExecuteInterceptor)),
///     ];
/// }
/// </code>
/// </example>
public abstract class Instrumentation
{
    /// <summary>The types this instrumentation enhances.</summary>
    public abstract ClassMatch Types { get; }

    /// <summary>The methods intercepted in each matched type, and by which interceptors.</summary>
    public abstract IEnumerable<InterceptPoint> InterceptPoints { get; }

    /// <summary>Type names that must exist for this instrumentation (in addition to the plugin's own witnesses).</summary>
    public virtual IEnumerable<string> WitnessTypes => [];

    /// <summary>Methods that must exist for this instrumentation (in addition to the plugin's own witnesses).</summary>
    public virtual IEnumerable<MethodWitness> WitnessMethods => [];

    /// <summary>A short name used in decisions and logs; the type name by default.</summary>
    public virtual string Name => GetType().Name;
}
