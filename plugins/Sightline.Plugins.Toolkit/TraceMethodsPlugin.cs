using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.Toolkit;

/// <summary>
/// Local spans for methods named in configuration, with no code in the app: <c>SIGHTLINE_TRACE_METHODS</c> lists
/// <c>Namespace.Type[Method1,Method2]</c> entries separated by <c>;</c> (<c>[*]</c> for every method the type declares).
/// An entry that cannot be read is skipped and reported by the agent as a plugin that matched nothing.
/// </summary>
public sealed class TraceMethodsPlugin : SightlinePlugin
{
    /// <summary>The environment variable the plugin reads.</summary>
    public const string Variable = "SIGHTLINE_TRACE_METHODS";

    private readonly IReadOnlyList<TraceMethodsEntry> _entries;

    public TraceMethodsPlugin()
        : this(Environment.GetEnvironmentVariable(Variable))
    {
    }

    public TraceMethodsPlugin(string? setting) => _entries = TraceMethodsEntry.Parse(setting);

    public override string Id => "trace-methods";

    public override IEnumerable<Instrumentation> Instrumentations => _entries.Select(e => new ConfiguredMethods(e));

    private sealed class ConfiguredMethods(TraceMethodsEntry entry) : Instrumentation
    {
        public override string Name => entry.TypeName;

        public override ClassMatch Types => ClassMatch.Name(entry.TypeName);

        public override IEnumerable<InterceptPoint> InterceptPoints
        {
            get
            {
                // Compiler-generated helpers (lambdas, local functions) of the type are not the user's methods.
                var methods = (entry.AllMethods ? MethodMatch.Any : MethodMatch.NamedAny([.. entry.Methods])) & !MethodMatch.NameStartsWith("<");
                return
                [
                    InterceptPoint.InstanceMethods(methods, typeof(TraceMethodsInterceptor)),
                    InterceptPoint.StaticMethods(methods, typeof(TraceMethodsInterceptor)),
                ];
            }
        }
    }
}
