using Sightline.Core.Plugins;
using Sightline.Patching;

namespace Sightline.Core.Tests.Plugins;

/// <summary>The glue warm-up the agent runs beside the application's start: it leaves nothing patched.</summary>
public sealed class InterceptionWarmUpTests
{
    private const string Owner = "sightline-warm-up";

    [Fact]
    public void The_warm_up_writes_into_compiled_code_only_when_asked_and_leaves_nothing_patched()
    {
        // The host start's warm-up: the agent's own thread writes the real patches next, so no write of its own.
        InterceptionWarmUp.Run(firstWrite: false);
        Assert.DoesNotContain(PatchEngine.Shared.Decisions, d => d.Request.OwnerId == Owner);

        // The first-call start's: the first write is paid here, then taken out again at once.
        InterceptionWarmUp.Run(firstWrite: true);
        Assert.Contains(PatchEngine.Shared.Decisions, d => d.Request.OwnerId == Owner && d.IsApplied);
        Assert.DoesNotContain(PatchEngine.Shared.PatchedMethods, m => m.DeclaringType?.DeclaringType == typeof(InterceptionWarmUp));
    }
}
