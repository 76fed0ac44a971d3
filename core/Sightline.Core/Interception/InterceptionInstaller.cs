using System.Collections.Concurrent;
using System.Reflection;
using Sightline.Core.Logging;
using Sightline.Core.Plugins;
using Sightline.Patching;
using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Interception;

namespace Sightline.Core.Interception;

/// <summary>
/// Puts matched methods under interception: builds the glue for the intercept point's interceptor, hands it to
/// the patch engine, and records what happened. A failure for one method never stops the others.
/// </summary>
public sealed class InterceptionInstaller
{
    /// <summary>How many interceptor failures switch a plugin off unless configured otherwise.</summary>
    public const int DefaultFailureLimit = 100;

    private readonly PatchEngine _engine;
    private readonly DecisionLog _decisions;
    private readonly AgentLog? _log;
    private readonly int _failureLimit;
    private readonly ConcurrentDictionary<string, PluginHealth> _health = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<InterceptPoint, object> _interceptors = new();

    /// <summary>Creates an installer over <paramref name="engine"/>.</summary>
    public InterceptionInstaller(PatchEngine engine, DecisionLog decisions, AgentLog? log, int failureLimit = DefaultFailureLimit)
    {
        _engine = engine;
        _decisions = decisions;
        _log = log;
        _failureLimit = failureLimit;
    }

    /// <summary>The health record of a plugin, created on first use.</summary>
    public PluginHealth HealthOf(string pluginId) => _health.GetOrAdd(pluginId, id => new PluginHealth(id, _failureLimit, _log, _decisions));

    /// <summary>Intercepts <paramref name="matched"/>; returns whether it was applied.</summary>
    public bool Install(MatchedMethod matched)
    {
        var plugin = matched.Plugin.Id;
        var target = matched.Describe();
        GlueMethods glue;
        try
        {
            glue = BuildGlue(matched, HealthOf(plugin));
        }
        catch (Exception ex)
        {
            var reason = ex is InterceptorBindingException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            _decisions.Record(new PluginDecision(plugin, matched.Instrumentation.Name, target, PluginOutcome.BindingFailed, reason));
            return false;
        }

        var health = HealthOf(plugin);
        var request = new PatchRequest(matched.Method, plugin)
        {
            Prefix = glue.Prefix,
            Postfix = glue.Postfix,
            Finalizer = glue.Finalizer,
            OnHandlerException = (handler, ex) => health.Report(glue.Describe(handler), ex),
        };
        var decision = _engine.Apply(request);
        _decisions.Record(decision.IsApplied
            ? new PluginDecision(plugin, matched.Instrumentation.Name, target, PluginOutcome.Applied, $"intercepted by {matched.Point.Interceptor.Name}")
            : new PluginDecision(plugin, matched.Instrumentation.Name, target, PluginOutcome.RefusedByPatchEngine, decision.Reason));
        return decision.IsApplied;
    }

    private GlueMethods BuildGlue(MatchedMethod matched, PluginHealth health)
    {
        if (IteratorKind(matched.Method) is { } iterator)
        {
            // The body of an iterator runs lazily inside MoveNext, long after the call returned: enter and exit
            // around the call would time nothing.
            throw new InterceptorBindingException($"{matched.Method.Name} is {iterator}; intercept the code that consumes it, or a method it calls");
        }

        var point = matched.Point;
        var interceptorType = point.Interceptor;
        if (typeof(IConstructorInterceptor).IsAssignableFrom(interceptorType))
        {
            if (matched.Method is not ConstructorInfo ctor)
            {
                throw new InterceptorBindingException($"{interceptorType.Name} is a constructor interceptor but {matched.Method.Name} is not a constructor");
            }

            return GlueEmitter.Constructor(ctor, (IConstructorInterceptor)Instance(point), health);
        }

        if (typeof(IMethodInterceptor).IsAssignableFrom(interceptorType))
        {
            return GlueEmitter.Untyped(matched.Method, (IMethodInterceptor)Instance(point), health, point.OverrideArguments);
        }

        if (interceptorType.IsDefined(typeof(TypedInterceptorAttribute), inherit: false) || (interceptorType.IsAbstract && interceptorType.IsSealed))
        {
            return GlueEmitter.Typed(TypedInterceptorShape.Bind(interceptorType, matched.Method), interceptorType, health);
        }

        throw new InterceptorBindingException(
            $"{interceptorType.FullName} is neither an IMethodInterceptor, an IConstructorInterceptor, nor a static class with [TypedInterceptor]");
    }

    private static string? IteratorKind(MethodBase method)
    {
        if (method.IsDefined(typeof(System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute), false))
        {
            return "an async iterator (IAsyncEnumerable)";
        }

        if (method.IsDefined(typeof(System.Runtime.CompilerServices.IteratorStateMachineAttribute), false))
        {
            return "an iterator (yield return)";
        }

        return method is MethodInfo { ReturnType: { IsGenericType: true } r } && r.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)
            ? "an IAsyncEnumerable producer"
            : null;
    }

    // One interceptor instance per intercept point, created with its parameterless constructor (SkyWalking's rule).
    // Keyed by the point alone (it names the interceptor type): a (point, type) tuple key would make the dictionary
    // generic over a struct, JIT-compiled at start-up (ReadyToRun cannot hold it).
    private object Instance(InterceptPoint point) =>
        _interceptors.GetOrAdd(point, key =>
        {
            try
            {
                return Activator.CreateInstance(key.Interceptor)!;
            }
            catch (Exception ex)
            {
                var cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
                throw new InterceptorBindingException($"{key.Interceptor.Name} could not be created: {cause.GetType().Name}: {cause.Message}");
            }
        });
}
