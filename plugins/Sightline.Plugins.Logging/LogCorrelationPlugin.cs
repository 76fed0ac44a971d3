using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.Logging;

/// <summary>
/// Log correlation for Microsoft.Extensions.Logging: every <c>LoggerFactory</c> tracks the current Activity's
/// <c>TraceId</c> and <c>SpanId</c> (the framework's own <c>ActivityTrackingOptions</c>), whatever the app configured,
/// so every log line written inside a span carries them as a scope, which the console formatters print with
/// <c>IncludeScopes</c> and every structured provider receives. Switch it off with
/// <c>SIGHTLINE_PLUGINS_EXCLUDE=logging</c>.
/// </summary>
public sealed class LogCorrelationPlugin : SightlinePlugin
{
    // LoggerFactory(IEnumerable<ILoggerProvider>, IOptionsMonitor<LoggerFilterOptions>, IOptions<LoggerFactoryOptions>,
    // IExternalScopeProvider): the constructor every other one (and dependency injection) ends in.
    internal static MethodMatch ConstructorMatch { get; } =
        MethodMatch.Constructor & MethodMatch.ParameterCount(4) & MethodMatch.ParameterType(3, LoggingNames.ExternalScopeProvider);

    /// <inheritdoc />
    public override string Id => "logging";

    // Assembly version major.0.0.0; this constructor, LoggerFactoryOptions and the scope provider exist since 6.0.
    // Tested with 10.0.
    /// <inheritdoc />
    public override AssemblyWitness TargetAssembly => new(LoggingNames.Assembly, "[6.0, 10.*]");

    /// <inheritdoc />
    public override IEnumerable<string> WitnessTypes => [LoggingNames.LoggerFactory, LoggingNames.ScopeProvider, LoggingNames.FactoryOptions, LoggingNames.TrackingOptions];

    /// <inheritdoc />
    public override IEnumerable<MethodWitness> WitnessMethods => [new(LoggingNames.LoggerFactory, ConstructorMatch)];

    /// <inheritdoc />
    public override IEnumerable<Instrumentation> Instrumentations => [new LoggerFactoryInstrumentation()];
}
