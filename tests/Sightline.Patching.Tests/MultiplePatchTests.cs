using System.Reflection;
using Sightline.Patching.Tests.Assets;
using static Sightline.Patching.Tests.PatchTestSupport;

namespace Sightline.Patching.Tests;

/// <summary>Several patches on one method: order, per-patch state, removal.</summary>
public sealed class MultiplePatchTests
{
    private static readonly List<string> Order = [];

    [Fact]
    public void Patches_run_by_priority_then_application_order_and_can_be_removed()
    {
        var target = Method(typeof(Calculator), nameof(Calculator.Triple));
        var low = Apply(new PatchRequest(target, "owner-a")
        {
            Prefix = Handler(typeof(MultiplePatchTests), nameof(PrefixA)),
            Postfix = Handler(typeof(MultiplePatchTests), nameof(PostfixA)),
        });
        var high = Apply(new PatchRequest(target, "owner-b")
        {
            Priority = 10,
            Prefix = Handler(typeof(MultiplePatchTests), nameof(PrefixB)),
            Postfix = Handler(typeof(MultiplePatchTests), nameof(PostfixB)),
        });
        Apply(new PatchRequest(target, "owner-b")
        {
            Prefix = Handler(typeof(MultiplePatchTests), nameof(PrefixC)),
        });

        Order.Clear();
        Assert.Equal(3, Calculator.Triple(1));
        Assert.Equal(["B", "A", "C", "B-after:B-state", "A-after:A-state"], Order);

        Assert.True(PatchEngine.Shared.Remove(high.Request));
        Assert.False(PatchEngine.Shared.Remove(high.Request));
        Order.Clear();
        Calculator.Triple(1);
        Assert.Equal(["A", "C", "A-after:A-state"], Order);

        Assert.Equal(1, PatchEngine.Shared.RemoveAll("owner-b"));
        Assert.True(PatchEngine.Shared.Remove(low.Request));
        Order.Clear();
        Assert.Equal(6, Calculator.Triple(2));
        Assert.Empty(Order);
        Assert.Empty(PatchEngine.Shared.GetPatches(target));
        Assert.DoesNotContain(target, PatchEngine.Shared.PatchedMethods);
    }

    [Fact]
    public void The_same_method_reached_through_a_derived_type_shares_one_list_of_patches()
    {
        var throughDerived = typeof(Truck).GetMethod(nameof(Truck.Wheels))!;
        var throughBase = typeof(Vehicle).GetMethod(nameof(Vehicle.Wheels))!;
        Apply(new PatchRequest(throughDerived, "reflected") { Postfix = Handler(typeof(Hooks), nameof(Hooks.AddTen)) });
        Apply(new PatchRequest(throughBase, "reflected") { Postfix = Handler(typeof(Hooks), nameof(Hooks.AddTen)) });

        Assert.Equal(24, new Vehicle().Wheels());
        Assert.Equal(24, new Truck().Wheels());
        Assert.Equal(2, PatchEngine.Shared.GetPatches(throughDerived).Count);
    }

    private static void PrefixA(out string __state)
    {
        Order.Add("A");
        __state = "A-state";
    }

    private static void PostfixA(string __state) => Order.Add("A-after:" + __state);

    private static void PrefixB(out string __state)
    {
        Order.Add("B");
        __state = "B-state";
    }

    private static void PostfixB(string __state) => Order.Add("B-after:" + __state);

    private static void PrefixC(MethodBase __originalMethod)
    {
        Assert.Equal(nameof(Calculator.Triple), __originalMethod.Name);
        Order.Add("C");
    }
}
