using System.Reflection;

namespace Sightline.Patching.Tests;

/// <summary>Shortcuts for building requests in tests.</summary>
internal static class PatchTestSupport
{
    public const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    public static MethodInfo Handler<T>(string name) => typeof(T).GetMethod(name, All)
        ?? throw new InvalidOperationException($"no handler {name}");

    public static MethodInfo Method<T>(string name) => typeof(T).GetMethod(name, All)
        ?? throw new InvalidOperationException($"no method {name}");

    public static MethodInfo Handler(Type type, string name) => type.GetMethod(name, All)
        ?? throw new InvalidOperationException($"no handler {name}");

    public static MethodInfo Method(Type type, string name) => type.GetMethod(name, All)
        ?? throw new InvalidOperationException($"no method {name}");

    public static PatchDecision Apply(PatchRequest request)
    {
        var decision = PatchEngine.Shared.Apply(request);
        Assert.True(decision.IsApplied, decision.Reason);
        return decision;
    }
}
