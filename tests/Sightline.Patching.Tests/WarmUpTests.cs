using Sightline.Patching.Internal;

namespace Sightline.Patching.Tests;

/// <summary>The engine's warm-up runs its code paths without patching anything.</summary>
public sealed class WarmUpTests
{
    [Fact]
    public void Warm_up_runs_every_step_and_patches_nothing()
    {
        var targets = TargetRegistry.Count;

        // The internal entry, which throws where the public one only reports: every step must succeed.
        EngineWarmUp.Run();
        PatchEngine.WarmUp();

        Assert.Equal(targets, TargetRegistry.Count);
        Assert.DoesNotContain(PatchEngine.Shared.PatchedMethods, m => m.DeclaringType == typeof(EngineWarmUp));
    }
}
