using Sightline.Toolkit;

namespace ToolkitScenarioApp;

public static class PriceCalculator
{
    [Trace]
    public static decimal Compute(int id)
    {
        using var span = LocalSpan.Start("price.lookup").Tag("price.source", "catalog");
        return id * 2.5m;
    }
}
