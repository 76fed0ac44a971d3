using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Tests.LauncherTestPlugins;

/// <summary>Targets a library the app does not have.</summary>
public sealed class AbsentTargetPlugin() : RulePlugin(ClassMatch.Name("No.Such.Library.Client"), Orders("Send"))
{
    public override string Id => "absent-target";

    public override AssemblyWitness TargetAssembly => new("No.Such.Library", "[1.0,)");
}
