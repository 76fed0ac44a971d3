using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Tests.LauncherTestPlugins;

/// <summary>Needs a witness type the app lacks.</summary>
public sealed class MissingWitnessPlugin() : RulePlugin(OrdersType, Orders("Place"))
{
    public override string Id => "missing-witness";

    public override AssemblyWitness TargetAssembly => new("AgentTargetApp", "[1.0, 2.0)");

    public override IEnumerable<string> WitnessTypes => ["Sightline.Tests.AgentTargetApp.Refunds"];
}
