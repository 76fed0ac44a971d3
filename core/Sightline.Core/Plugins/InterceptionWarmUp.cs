using System.Reflection;
using Sightline.Core.Interception;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Plugins;

/// <summary>
/// Builds (and throws away) the glue of the interceptor shapes the bundled plugins use, against targets of its own:
/// the first real interception then finds the binding, the emitter and their generic instantiations compiled.
/// Meant for a background thread while the plugins load; it patches nothing.
/// </summary>
public static class InterceptionWarmUp
{
    /// <summary>Runs the warm-up; a failure only means the first interception is slower.</summary>
    public static void Run()
    {
        try
        {
            var health = new PluginHealth("sightline-warm-up", int.MaxValue, log: null, decisions: null);
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly;
            foreach (var name in new[] { nameof(Target.SendAsync), nameof(Target.IsEnabled) })
            {
                var method = typeof(Target).GetMethod(name, Declared)!;
                GlueEmitter.Typed(TypedInterceptorShape.Bind(typeof(Interceptor), method), typeof(Interceptor), health);
            }

            GlueEmitter.Constructor(typeof(Target).GetConstructor(Declared, [typeof(string)])!, new ConstructorInterceptor(), health);
        }
        catch (Exception)
        {
            // Only the first interception gets slower.
        }
    }

    // Shaped like the targets the bundled plugins intercept: an async call, a bool answer, a constructor.
    private sealed class Target
    {
        internal Target(string name) => Name = name;

        internal string Name { get; }

        internal Task<string> SendAsync(string request, CancellationToken cancellationToken) => Task.FromResult(request + Name);

        internal bool IsEnabled() => Name.Length > 0;
    }

    [TypedInterceptor]
    private static class Interceptor
    {
        public static void OnEnter(object instance, ref TracingSpan state) => state = default;

        public static void OnExit(ref TracingSpan state) => state.Stop();

        public static void OnException(Exception exception, ref TracingSpan state) => state.Stop();
    }

    private sealed class ConstructorInterceptor : IConstructorInterceptor
    {
        public void OnConstruct(object instance, object?[] arguments)
        {
        }
    }
}
