using System.Reflection;
using Sightline.Core.Interception;
using Sightline.Core.Plugins;
using Sightline.Core.Tests.Plugins;
using Sightline.Patching;
using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Core.Tests.Interception;

/// <summary>Installs one interceptor on one method through the real installer and the process's patch engine.</summary>
internal sealed class InterceptionHarness
{
    public DecisionLog Decisions { get; } = new();

    public InterceptionInstaller Installer { get; }

    public InterceptionHarness(int failureLimit = InterceptionInstaller.DefaultFailureLimit) =>
        Installer = new InterceptionInstaller(PatchEngine.Shared, Decisions, log: null, failureLimit);

    public static MethodInfo Method<T>(string name) => typeof(T).GetMethod(name)!;

    public bool Install(MethodBase method, Type interceptor, string pluginId, bool overrideArguments = false)
    {
        var kind = method.IsConstructor ? InterceptPointKind.Constructor : method.IsStatic ? InterceptPointKind.StaticMethod : InterceptPointKind.InstanceMethod;
        var point = new InterceptPoint(kind, MethodMatch.Any, interceptor) { OverrideArguments = overrideArguments };
        var plugin = new RulePlugin(pluginId, ClassMatch.Name(method.DeclaringType!.FullName!), point);
        var matched = new MatchedMethod(plugin, plugin.Instrumentations.Single(), point, method);
        return Installer.Install(matched);
    }

    public PluginDecision Last => Decisions.Snapshot()[^1];
}
