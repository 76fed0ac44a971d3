using System.Runtime.CompilerServices;

namespace Sightline.Tests.AgentTargetApp;

/// <summary>The method the agent tests' plugin intercepts.</summary>
public static class Orders
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Place(int id) => id < 0 ? throw new ArgumentOutOfRangeException(nameof(id)) : $"order {id} placed";
}
