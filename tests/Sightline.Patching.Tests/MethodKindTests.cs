using System.Reflection;
using Sightline.Patching.Tests.Assets;
using static Sightline.Patching.Tests.PatchTestSupport;

namespace Sightline.Patching.Tests;

/// <summary>Every kind of method the issue names as eligible, each patched and called.</summary>
public sealed class MethodKindTests
{
    private static int _seenInstanceOffset;
    private static string? _seenName;

    [Fact]
    public void Static_method_prefix_and_postfix_run_around_the_original()
    {
        Apply(new PatchRequest(Method<Calculator>(nameof(Calculator.Twice)), "kinds")
        {
            Prefix = Handler(typeof(Hooks), nameof(Hooks.DoubleFirstArgument)),
            Postfix = Handler(typeof(Hooks), nameof(Hooks.AddTen)),
        });

        Assert.Equal((3 * 2 * 2) + 10, Calculator.Twice(3));
    }

    [Fact]
    public void Prefix_returning_false_skips_the_original_and_supplies_the_result()
    {
        Apply(new PatchRequest(Method<Calculator>(nameof(Calculator.Negate)), "kinds")
        {
            Prefix = Handler(typeof(Hooks), nameof(Hooks.SkipWithMinusOne)),
        });

        Assert.Equal(-1, Calculator.Negate(-5));
    }

    [Fact]
    public void Instance_method_handlers_see_the_instance_and_arguments_by_name_and_position()
    {
        Apply(new PatchRequest(Method<Calculator>(nameof(Calculator.AddOffset)), "kinds")
        {
            Prefix = Handler<MethodKindTests>(nameof(SeeInstance)),
        });

        Assert.Equal(12, new Calculator(5).AddOffset(7));
        Assert.Equal(5, _seenInstanceOffset);
    }

    [Fact]
    public void Virtual_override_is_patched_when_called_through_the_base_type()
    {
        Apply(new PatchRequest(Method<Dog>(nameof(Dog.Speak)), "kinds")
        {
            Postfix = Handler<MethodKindTests>(nameof(Shout)),
        });

        Animal animal = new Dog();
        Assert.Equal("WOOF!", animal.Speak());
        Assert.Equal("...", new Animal().Speak());
    }

    [Fact]
    public void Value_type_method_changes_the_callers_struct_through_ref_instance()
    {
        Apply(new PatchRequest(Method<Counter>(nameof(Counter.Increment)), "kinds")
        {
            Prefix = Handler<MethodKindTests>(nameof(AddHundredToCounter)),
        });

        var counter = new Counter { Value = 1 };
        Assert.Equal(102, counter.Increment(1));
        Assert.Equal(102, counter.Value);
    }

    [Fact]
    public void Virtual_override_on_a_value_type_is_patched()
    {
        Apply(new PatchRequest(Method<Counter>(nameof(Counter.ToString)), "kinds")
        {
            Postfix = Handler<MethodKindTests>(nameof(MarkString)),
        });

        var counter = new Counter { Value = 3 };
        Assert.Equal("Counter(3)*", counter.ToString());
        object boxed = counter;
        Assert.Equal("Counter(3)*", boxed.ToString());
    }

    [Fact]
    public void Constructor_is_patched_and_sees_its_arguments()
    {
        Apply(new PatchRequest(typeof(Widget).GetConstructor([typeof(string), typeof(int)])!, "kinds")
        {
            Prefix = Handler<MethodKindTests>(nameof(UpperName)),
            Postfix = Handler<MethodKindTests>(nameof(SeeWidget)),
        });

        var widget = new Widget("gear", 3);
        Assert.Equal("GEAR", widget.Name);
        Assert.Equal(3, widget.Size);
        Assert.Equal("GEAR", _seenName);
    }

    [Fact]
    public void Ref_and_out_parameters_are_bound_and_written_back()
    {
        Apply(new PatchRequest(Method<Calculator>(nameof(Calculator.Divide)), "kinds")
        {
            Postfix = Handler<MethodKindTests>(nameof(AdjustDivision)),
        });

        var remainder = 0;
        Calculator.Divide(17, 5, out var quotient, ref remainder);
        Assert.Equal(3 + 100, quotient);
        Assert.Equal(2 + 1000, remainder);
    }

    [Fact]
    public void Large_struct_returned_through_a_hidden_buffer_from_an_instance_method()
    {
        Apply(new PatchRequest(Method<BigFactory>(nameof(BigFactory.Make)), "kinds")
        {
            Postfix = Handler<MethodKindTests>(nameof(BumpBig)),
        });

        var big = new BigFactory(20).Make(7);
        Assert.Equal((7L + 1, 20L, 27L, 4L), (big.A, big.B, big.C, big.D));
    }

    [Fact]
    public void Large_struct_returned_through_a_hidden_buffer_from_a_static_method()
    {
        Apply(new PatchRequest(Method<BigFactory>(nameof(BigFactory.MakeStatic)), "kinds")
        {
            Postfix = Handler<MethodKindTests>(nameof(BumpBig)),
        });

        var big = BigFactory.MakeStatic(9);
        Assert.Equal((10L, 2L, 3L, 4L), (big.A, big.B, big.C, big.D));
    }

    [Fact]
    public void Value_type_instantiation_of_a_generic_type_is_patched()
    {
        Apply(new PatchRequest(typeof(Box<int>).GetMethod(nameof(Box<int>.Echo))!, "kinds")
        {
            Postfix = Handler(typeof(Hooks), nameof(Hooks.AddTen)),
        });

        Assert.Equal(11, new Box<int>().Echo(1));
        Assert.Equal(1L, new Box<long>().Echo(1L));
    }

    [Fact]
    public void Method_never_called_before_patching_is_intercepted_on_its_first_call()
    {
        Apply(new PatchRequest(Method<Calculator>(nameof(Calculator.NeverCalledBeforePatch)), "kinds")
        {
            Postfix = Handler(typeof(Hooks), nameof(Hooks.AddTen)),
        });

        Assert.Equal(1011, Calculator.NeverCalledBeforePatch(1));
    }

    [Fact]
    public void Method_compiled_and_called_before_patching_is_intercepted_afterwards()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(2000 + i, Calculator.CalledBeforePatch(i));
        }

        Apply(new PatchRequest(Method<Calculator>(nameof(Calculator.CalledBeforePatch)), "kinds")
        {
            Postfix = Handler(typeof(Hooks), nameof(Hooks.AddTen)),
        });

        Assert.Equal(2011, Calculator.CalledBeforePatch(1));
    }

    private static void SeeInstance(Calculator __instance, int x, int __0)
    {
        Assert.Equal(x, __0);
        _seenInstanceOffset = __instance.Offset;
    }

    private static void Shout(ref string __result) => __result = __result.ToUpperInvariant() + "!";

    private static void AddHundredToCounter(ref Counter __instance) => __instance.Value += 100;

    private static void MarkString(ref string __result) => __result += "*";

    private static void UpperName(ref string name) => name = name.ToUpperInvariant();

    private static void SeeWidget(Widget __instance) => _seenName = __instance.Name;

    private static void AdjustDivision(ref int quotient, ref int remainder, int a)
    {
        Assert.Equal(17, a);
        quotient += 100;
        remainder += 1000;
    }

    private static void BumpBig(ref Big __result) => __result.A++;

    internal static MethodBase Target(string name) => Method<Calculator>(name);
}
