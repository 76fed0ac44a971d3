using Sightline.Patching.Tests.Assets;
using static Sightline.Patching.Tests.PatchTestSupport;

namespace Sightline.Patching.Tests;

/// <summary>Copied bodies with try/catch/filter/finally, throwing targets, finalizers and wrapped handlers.</summary>
public sealed class ExceptionFlowTests
{
    private static readonly List<string> Seen = [];
    private static Exception? _finalizerSaw;
    private static readonly List<(string Handler, Exception Error)> Reported = [];

    [Fact]
    public void Body_with_try_catch_filter_and_finally_keeps_its_behaviour()
    {
        Apply(new PatchRequest(Method(typeof(Flows), nameof(Flows.Guarded)), "flows")
        {
            Postfix = Handler(typeof(Hooks), nameof(Hooks.AddTen)),
        });

        var log = new List<string>();
        Assert.Equal(14, Flows.Guarded(2, log));
        Assert.Equal(9, Flows.Guarded(-3, log));
        Assert.Equal(10, Flows.Guarded(0, log));
        Assert.Equal(["finally", "filter", "finally", "catch", "finally"], log);
    }

    [Fact]
    public void Finalizer_sees_the_exception_and_it_is_rethrown_with_the_original_stack()
    {
        Apply(new PatchRequest(Method(typeof(Flows), nameof(Flows.Fail)), "flows")
        {
            Finalizer = Handler(typeof(ExceptionFlowTests), nameof(Observe)),
        });

        var thrown = Assert.Throws<InvalidOperationException>(() => Flows.Fail("boom"));
        Assert.Equal("boom", thrown.Message);
        Assert.Same(thrown, _finalizerSaw);
        Assert.Contains("Flows.Fail", thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Finalizer_can_suppress_or_replace_the_exception()
    {
        var method = Method(typeof(Flows), nameof(Flows.FailForStackTrace));
        var suppress = Apply(new PatchRequest(method, "flows") { Finalizer = Handler(typeof(ExceptionFlowTests), nameof(Suppress)) });
        Assert.Equal(42, Flows.FailForStackTrace(5));
        Assert.Equal(-2, Flows.FailForStackTrace(-2));

        Assert.True(PatchEngine.Shared.Remove(suppress.Request));
        Apply(new PatchRequest(method, "flows") { Finalizer = Handler(typeof(ExceptionFlowTests), nameof(Replace)) });
        var replaced = Assert.Throws<TimeoutException>(() => Flows.FailForStackTrace(5));
        Assert.IsType<InvalidOperationException>(replaced.InnerException);
    }

    [Fact]
    public void Stack_trace_through_a_patched_method_names_the_original_type_and_method()
    {
        Apply(new PatchRequest(Method(typeof(Calculator), nameof(Calculator.Describe)), "flows")
        {
            Prefix = Handler(typeof(ExceptionFlowTests), nameof(ThrowOnEmptyName)),
        });

        var thrown = Assert.Throws<ArgumentException>(() => Calculator.Describe(string.Empty, 1));
        Assert.Contains("Sightline.Patching.Tests.Assets.Calculator.Describe", thrown.StackTrace, StringComparison.Ordinal);
        Assert.Equal("x:1", Calculator.Describe("x", 1));
    }

    [Fact]
    public void Wrapped_handlers_that_throw_are_reported_and_the_call_behaves_as_unpatched()
    {
        Apply(new PatchRequest(Method(typeof(Calculator), nameof(Calculator.Square)), "flows")
        {
            Prefix = Handler(typeof(ExceptionFlowTests), nameof(BrokenPrefix)),
            Postfix = Handler(typeof(ExceptionFlowTests), nameof(BrokenPostfix)),
            Finalizer = Handler(typeof(ExceptionFlowTests), nameof(BrokenFinalizer)),
            OnHandlerException = (handler, error) =>
            {
                lock (Reported)
                {
                    Reported.Add((handler.Name, error));
                }
            },
        });

        Assert.Equal(49, Calculator.Square(7));
        Assert.Equal(
            [nameof(BrokenPrefix), nameof(BrokenPostfix), nameof(BrokenFinalizer)],
            Reported.Select(r => r.Handler));
        Assert.All(Reported, r => Assert.IsType<NotImplementedException>(r.Error));
    }

    [Fact]
    public void Wrapped_handlers_that_change_ref_targets_and_then_throw_leave_them_as_they_were()
    {
        var reported = 0;
        void Wrap(System.Reflection.MethodBase target, string prefix) => Apply(new PatchRequest(target, "flows")
        {
            Prefix = Handler<ExceptionFlowTests>(prefix),
            OnHandlerException = (_, _) => Interlocked.Increment(ref reported),
        });

        Wrap(Method<ArgumentTargets>(nameof(ArgumentTargets.Adjust)), nameof(BreakArguments));
        Wrap(Method<ArgumentTargets>(nameof(ArgumentTargets.AdjustAll)), nameof(BreakArgumentArray));
        Wrap(Method<ArgumentTargets>(nameof(ArgumentTargets.Add)), nameof(BreakField));
        Wrap(Method<Tally>(nameof(Tally.Bump)), nameof(BreakInstance));

        var step = 1;
        var targets = new ArgumentTargets();
        var tally = new Tally { Count = 5 };

        Assert.Equal(10 + 2, ArgumentTargets.Adjust(10, ref step));
        Assert.Equal(2, step);
        Assert.Equal(12, ArgumentTargets.AdjustAll(3, 4));
        Assert.Equal(7, targets.Add(7));
        Assert.Equal(7, targets.Total);
        Assert.Equal(6, tally.Bump());
        Assert.Equal(6, tally.Count);
        Assert.Equal(4, reported);
    }

    private static void BreakArguments(ref int value, ref int step)
    {
        value = -1;
        step = 1000;
        throw new NotImplementedException("arguments");
    }

    private static void BreakArgumentArray(object?[] __args)
    {
        __args[0] = 100;
        throw new NotImplementedException("__args");
    }

    private static void BreakField(ref int ____total)
    {
        ____total = 500;
        throw new NotImplementedException("field");
    }

    private static void BreakInstance(ref Tally __instance)
    {
        __instance.Count = 900;
        throw new NotImplementedException("instance");
    }

    private static void Observe(Exception? __exception) => _finalizerSaw = __exception;

    private static Exception? Suppress(Exception? __exception, ref int __result)
    {
        if (__exception is not null)
        {
            __result = 42;
        }

        return null;
    }

    private static Exception? Replace(Exception? __exception) =>
        __exception is null ? null : new TimeoutException("replaced", __exception);

    private static void ThrowOnEmptyName(string name)
    {
        if (name.Length == 0)
        {
            throw new ArgumentException("empty name");
        }
    }

    private static bool BrokenPrefix(ref int __result, ref bool __runOriginal)
    {
        __result = -100;
        __runOriginal = false;
        throw new NotImplementedException("prefix");
    }

    private static void BrokenPostfix(ref int __result)
    {
        __result = -200;
        throw new NotImplementedException("postfix");
    }

    private static Exception? BrokenFinalizer(Exception? __exception)
    {
        lock (Seen)
        {
            Seen.Add("finalizer");
        }

        throw new NotImplementedException("finalizer");
    }
}
