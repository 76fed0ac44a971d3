using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Plugins.Logging;

/// <summary>
/// <c>LoggerFactory</c>'s four-argument constructor, which host defaults, <c>LoggerFactory.Create</c> and
/// <c>new LoggerFactory(providers)</c> all run, once per factory and never per log line. Not the smaller
/// <c>LoggerFactoryScopeProvider(ActivityTrackingOptions)</c> constructor, where the options end up: it is two field
/// writes, which the JIT inlines into <c>LoggerFactory</c>, so a patch on it never runs.
/// </summary>
public sealed class LoggerFactoryInstrumentation : Instrumentation
{
    /// <inheritdoc />
    public override ClassMatch Types => ClassMatch.Name(LoggingNames.LoggerFactory);

    /// <inheritdoc />
    public override IEnumerable<InterceptPoint> InterceptPoints =>
        [InterceptPoint.Constructors(LogCorrelationPlugin.ConstructorMatch, typeof(LoggerFactoryConstructorInterceptor))];
}
