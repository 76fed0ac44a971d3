using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Tests.LauncherTestPlugins;

/// <summary>Supports only a later version of the app's assembly (AgentTargetApp is 1.0.0.0).</summary>
public sealed class NewerVersionPlugin() : RulePlugin(OrdersType, Orders("Place"))
{
    public override string Id => "newer-version";

    public override AssemblyWitness TargetAssembly => new("AgentTargetApp", "[2.0, 3.0)");
}
