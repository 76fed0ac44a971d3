using System.Reflection;
using Sightline.Core.Interception;
using Sightline.Patching;
using Sightline.Spi.Plugins.Interception;
using Sightline.Spi.Tracing;

namespace Sightline.Core.Plugins;

/// <summary>
/// Builds (and throws away) the glue of the interceptor shapes the bundled plugins use, against targets of its own:
/// the first real interception then finds the binding, the emitter and their generic instantiations compiled.
/// It can also put one patch on a target of its own and take it out again at once, so that the first write into compiled
/// code is paid too. Meant for a background thread while the agent starts (the first real patches may run beside it,
/// and then compile what they need first themselves); it leaves nothing patched.
/// </summary>
public static class InterceptionWarmUp
{
    private const string Owner = "sightline-warm-up";

    /// <summary>Runs the warm-up; a failure only means the first interception is slower.</summary>
    /// <param name="firstWrite">
    /// Also patch and unpatch a target of its own: worth it when the first real patches are written on an application
    /// thread, which would otherwise pay for the first write; not when the agent's own thread writes them next anyway
    /// (the write is then done twice, ~2 ms of CPU while the application starts, and stops every thread once more).
    /// </param>
    public static void Run(bool firstWrite)
    {
        try
        {
            var health = new PluginHealth(Owner, int.MaxValue, log: null, decisions: null);
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly;
            GlueMethods? glue = null;
            MethodInfo? patched = null;
            foreach (var name in new[] { nameof(Target.SendAsync), nameof(Target.IsEnabled) })
            {
                patched = typeof(Target).GetMethod(name, Declared)!;
                glue = GlueEmitter.Typed(TypedInterceptorShape.Bind(typeof(Interceptor), patched), typeof(Interceptor), health);
            }

            // One real patch, taken out again at once: the first write into compiled code (stopping the other
            // threads around it) is paid here too.
            if (firstWrite && glue is not null && patched is not null && PatchEngine.Shared.UnsupportedReason is null)
            {
                PatchEngine.Shared.Apply(new PatchRequest(patched, Owner) { Prefix = glue.Prefix, Postfix = glue.Postfix, Finalizer = glue.Finalizer });
                PatchEngine.Shared.RemoveAll(Owner);
            }

            GlueEmitter.Constructor(typeof(Target).GetConstructor(Declared, [typeof(string)])!, new ConstructorInterceptor(), health);
            StateHelpersWithoutState();
        }
        catch (Exception)
        {
            // Only the first interception gets slower.
        }
    }

    // The glue calls these over NoState (interceptors that keep no state) from emitted IL only, where ReadyToRun cannot
    // see them: their addresses, taken here, make it compile them ahead (a plain call would only be inlined), instead
    // of the JIT at the first intercepted call.
    private static unsafe void StateHelpersWithoutState()
    {
        var state = default(GlueState<NoState>);
        delegate*<ref GlueState<NoState>, void>[] helpers = [&GlueSupport.Save<NoState>, &GlueSupport.Entered<NoState>, &GlueSupport.Leave<NoState>];
        foreach (var helper in helpers)
        {
            helper(ref state);
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
