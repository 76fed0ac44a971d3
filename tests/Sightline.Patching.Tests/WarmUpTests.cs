using Sightline.Patching.Internal;

namespace Sightline.Patching.Tests;

/// <summary>The engine's warm-up runs its code paths without patching anything.</summary>
public sealed class WarmUpTests
{
    [Fact]
    public void Warm_up_runs_every_step_and_patches_nothing()
    {
        // The internal entry, which throws where the public one only reports: every step must succeed.
        EngineWarmUp.Run();
        PatchEngine.WarmUp();

        // Other tests register targets in parallel, so only the warm-up's own method is looked for.
        Assert.DoesNotContain(TargetRegistry.All, t => t.Original.DeclaringType == typeof(EngineWarmUp));
        Assert.DoesNotContain(PatchEngine.Shared.PatchedMethods, m => m.DeclaringType == typeof(EngineWarmUp));
    }
}
