using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Tests.LauncherTestPlugins;

/// <summary>Off unless included by configuration.</summary>
public sealed class OptInOrdersPlugin() : RulePlugin(OrdersType, Orders("Place"))
{
    public override string Id => "opt-in-orders";

    public override bool EnabledByDefault => false;
}
