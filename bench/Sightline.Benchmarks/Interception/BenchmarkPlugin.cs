using System.Reflection;
using Sightline.Core.Plugins;
using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Benchmarks.Interception;

/// <summary>A plugin of one intercept point, so a benchmark can install one interceptor on one method.</summary>
internal sealed class BenchmarkPlugin(Type interceptor) : SightlinePlugin
{
    public override string Id => "bench-" + interceptor.Name;

    public override IEnumerable<Instrumentation> Instrumentations => [new Single(interceptor)];

    public static MatchedMethod Match(MethodInfo method, Type interceptor)
    {
        var plugin = new BenchmarkPlugin(interceptor);
        var instrumentation = plugin.Instrumentations.Single();
        return new MatchedMethod(plugin, instrumentation, instrumentation.InterceptPoints.Single(), method);
    }

    private sealed class Single(Type interceptor) : Instrumentation
    {
        public override ClassMatch Types => ClassMatch.Prefix(string.Empty);

        public override IEnumerable<InterceptPoint> InterceptPoints => [InterceptPoint.InstanceMethods(MethodMatch.Any, interceptor)];
    }
}
