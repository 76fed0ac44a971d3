using Sightline.Patching.Tests.Assets;
using static Sightline.Patching.Tests.PatchTestSupport;

namespace Sightline.Patching.Tests;

/// <summary><c>___name</c> handler parameters: a field of the target's type, by value or by <c>ref</c>.</summary>
public sealed class FieldParameterTests
{
    [Fact]
    public void Handlers_read_and_change_private_instance_and_static_fields()
    {
        var counter = new FieldHolder();
        Apply(new PatchRequest(Method(typeof(FieldHolder), nameof(FieldHolder.Increment)), "fields")
        {
            Prefix = Handler(typeof(FieldHolderHooks), nameof(FieldHolderHooks.AddHundred)),
            Postfix = Handler(typeof(FieldHolderHooks), nameof(FieldHolderHooks.ReadCount)),
        });
        Apply(new PatchRequest(Method(typeof(FieldHolder), nameof(FieldHolder.Describe)), "fields")
        {
            Prefix = Handler(typeof(FieldHolderHooks), nameof(FieldHolderHooks.Relabel)),
        });

        // Prefix: _count 0 → 100; original: ++_count → 101; postfix: 101 * 1000 + 101.
        Assert.Equal(101_101, counter.Increment());
        Assert.Equal(101, counter.Count);
        Assert.Equal("patched:7", FieldHolder.Describe(7));
        Assert.Equal("patched", FieldHolder.Label);
    }

    [Theory]
    [InlineData(nameof(FieldHolderHooks.Missing), nameof(FieldHolder.Increment), "has no field 'nothing'")]
    [InlineData(nameof(FieldHolderHooks.WrongType), nameof(FieldHolder.Increment), "field '_count' is Int32")]
    [InlineData(nameof(FieldHolderHooks.InstanceFieldOnStaticTarget), nameof(FieldHolder.Describe), "is an instance field and the target is static")]
    public void A_field_parameter_that_binds_to_nothing_is_refused_with_the_reason(string handler, string target, string reason)
    {
        var decision = PatchEngine.Shared.Apply(new PatchRequest(Method(typeof(FieldHolder), target), "fields-bad")
        {
            Prefix = Handler(typeof(FieldHolderHooks), handler),
        });

        Assert.False(decision.IsApplied);
        Assert.Contains(reason, decision.Reason, StringComparison.Ordinal);
    }
}
