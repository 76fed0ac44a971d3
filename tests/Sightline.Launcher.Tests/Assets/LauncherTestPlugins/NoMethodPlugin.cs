using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Tests.LauncherTestPlugins;

/// <summary>Finds the type but none of its methods.</summary>
public sealed class NoMethodPlugin() : RulePlugin(OrdersType, Orders("Cancel"))
{
    public override string Id => "no-method";

    public override AssemblyWitness TargetAssembly => new("AgentTargetApp", "[1.0, 2.0)");
}
