using System.Reflection;
using System.Runtime.Loader;
using Sightline.Patching.Tests.Assets;
using static Sightline.Patching.Tests.PatchTestSupport;

namespace Sightline.Patching.Tests;

/// <summary>
/// Methods of an assembly loaded late into its own AssemblyLoadContext (as plugins patch them on assembly load):
/// never called before the patch, virtual and non-virtual, collectible context or not.
/// </summary>
public sealed class LoadContextTests
{
    [Theory]
    [InlineData("Virtual", true)]
    [InlineData("Virtual", false)]
    [InlineData("Instance", true)]
    [InlineData("Tiny", false)]
    public void Never_called_method_of_an_assembly_loaded_late_into_another_context_is_intercepted(string name, bool collectible)
    {
        var context = new AssemblyLoadContext($"late-{name}-{collectible}", collectible);
        var assembly = context.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "Sightline.Patching.TargetApp.dll"));
        var type = assembly.GetType("Sightline.Patching.TargetApp.ConcurrencyTargets", throwOnError: true)!;
        var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)!;
        var instance = method.IsStatic ? null : Activator.CreateInstance(type, nonPublic: true);
        var k = Array.IndexOf(["Leaf", "WithFrame", "CallsFirst", "WithLoop", "WithTryFinally", "Virtual", "Instance", "Tiny"], name);

        Apply(new PatchRequest(method, "load-context") { Postfix = Handler(typeof(Hooks), nameof(Hooks.AddTen)) });

        Assert.Equal((3 * (k + 2)) + k + 10, (int)method.Invoke(instance, [3])!);
        var call = (Func<int, int>)(method.IsStatic ? method.CreateDelegate(typeof(Func<int, int>)) : method.CreateDelegate(typeof(Func<int, int>), instance));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal((i * (k + 2)) + k + 10, call(i));
        }
    }
}
