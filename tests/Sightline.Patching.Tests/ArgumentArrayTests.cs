using Sightline.Patching.Tests.Assets;
using static Sightline.Patching.Tests.PatchTestSupport;

namespace Sightline.Patching.Tests;

/// <summary>Harmony's <c>__args</c>: every argument in an <c>object[]</c>, read and replaced.</summary>
public sealed class ArgumentArrayTests
{
    private static object?[]? _seen;
    private static object?[]? _after;

    [Fact]
    public void Args_holds_every_argument_boxed_in_order()
    {
        Apply(new PatchRequest(Method<ArgumentTargets>(nameof(ArgumentTargets.Join)), "args")
        {
            Prefix = Handler<ArgumentArrayTests>(nameof(Record)),
        });

        var at = new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal("gear:3:2026", ArgumentTargets.Join("gear", 3, at));
        Assert.Equal(["gear", 3, at], _seen!);
    }

    [Fact]
    public void A_prefix_that_changes_args_changes_the_arguments_including_ref_ones()
    {
        Apply(new PatchRequest(Method<ArgumentTargets>(nameof(ArgumentTargets.Scale)), "args")
        {
            Prefix = Handler<ArgumentArrayTests>(nameof(DoubleEverything)),
        });

        var factor = 3;
        var result = ArgumentTargets.Scale(5, ref factor, out var note);

        Assert.Equal(10 * 6, result);
        Assert.Equal(6, factor);
        Assert.Equal("x6", note);
    }

    [Fact]
    public void A_postfix_sees_out_arguments_in_args_after_the_original_wrote_them()
    {
        Apply(new PatchRequest(Method<ArgumentTargets>(nameof(ArgumentTargets.Name)), "args")
        {
            Postfix = Handler<ArgumentArrayTests>(nameof(RecordAfter)),
        });

        ArgumentTargets.Name(4, out var note);

        Assert.Equal("n4", note);
        Assert.Equal([4, "n4"], _after!);
    }

    [Fact]
    public void Null_left_for_a_value_type_keeps_the_argument_and_null_for_a_reference_is_passed()
    {
        Apply(new PatchRequest(Method<ArgumentTargets>(nameof(ArgumentTargets.Keep)), "args")
        {
            Prefix = Handler<ArgumentArrayTests>(nameof(ClearAll)),
        });

        Assert.Equal(-7, ArgumentTargets.Keep(7, "label"));
    }

    [Fact]
    public void Null_left_for_a_nullable_value_makes_it_null()
    {
        Apply(new PatchRequest(Method<ArgumentTargets>(nameof(ArgumentTargets.Optional)), "args")
        {
            Prefix = Handler<ArgumentArrayTests>(nameof(ClearFirst)),
        });

        Assert.Equal("none", ArgumentTargets.Optional(5));
    }

    [Fact]
    public void Args_is_refused_for_a_ref_struct_argument_and_when_not_object_array()
    {
        var span = PatchEngine.Shared.Apply(new PatchRequest(Method<ArgumentTargets>(nameof(ArgumentTargets.Length)), "args")
        {
            Prefix = Handler<ArgumentArrayTests>(nameof(Record)),
        });
        var wrongType = PatchEngine.Shared.Apply(new PatchRequest(Method<ArgumentTargets>(nameof(ArgumentTargets.Echo)), "args")
        {
            Prefix = Handler<ArgumentArrayTests>(nameof(WrongType)),
        });

        Assert.False(span.IsApplied);
        Assert.Contains("'text' is a pointer or a ref struct", span.Reason, StringComparison.Ordinal);
        Assert.False(wrongType.IsApplied);
        Assert.Contains("__args must be declared object[]", wrongType.Reason, StringComparison.Ordinal);
        Assert.Equal(4, ArgumentTargets.Length("abcd"));
        Assert.Equal(9, ArgumentTargets.Echo(9));
    }

    private static void Record(object?[] __args) => _seen = (object?[])__args.Clone();

    private static void RecordAfter(object?[] __args) => _after = (object?[])__args.Clone();

    private static void DoubleEverything(object?[] __args)
    {
        __args[0] = (int)__args[0]! * 2;
        __args[1] = (int)__args[1]! * 2;
    }

    private static void ClearFirst(object?[] __args) => __args[0] = null;

    private static void ClearAll(object?[] __args)
    {
        __args[0] = null;
        __args[1] = null;
    }

    private static void WrongType(string __args) => _ = __args;
}
