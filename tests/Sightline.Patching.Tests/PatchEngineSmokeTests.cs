using System.Reflection;
using Sightline.Patching.Tests.Assets;

namespace Sightline.Patching.Tests;

public sealed class PatchEngineSmokeTests
{
    [Fact]
    public void Static_method_postfix_changes_the_result()
    {
        var decision = PatchEngine.Shared.Apply(new PatchRequest(typeof(Calculator).GetMethod(nameof(Calculator.Twice))!, "smoke")
        {
            Postfix = typeof(Hooks).GetMethod(nameof(Hooks.AddTen)),
        });
        Assert.True(decision.IsApplied, decision.Reason);
        Assert.Equal(14, Calculator.Twice(2));
    }
}
