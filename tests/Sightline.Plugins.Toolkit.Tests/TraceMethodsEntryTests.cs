using Sightline.Plugins.Toolkit;

namespace Sightline.Plugins.Toolkit.Tests;

/// <summary>SIGHTLINE_TRACE_METHODS parsing (the spans themselves: tests/Scenarios/toolkit and the sample shop's end-to-end test).</summary>
public sealed class TraceMethodsEntryTests
{
    [Fact]
    public void Entries_name_a_type_and_its_methods_or_every_method()
    {
        var entries = TraceMethodsEntry.Parse(" Shop.Orders.OrderService[PlaceAsync, RefundAsync] ; Shop.Stock.Repository[*];");

        Assert.Equal(2, entries.Count);
        Assert.Equal("Shop.Orders.OrderService", entries[0].TypeName);
        Assert.Equal(["PlaceAsync", "RefundAsync"], entries[0].Methods);
        Assert.False(entries[0].AllMethods);
        Assert.True(entries[1].AllMethods);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("NoBrackets")]
    [InlineData("[Method]")]
    [InlineData("Type[]")]
    [InlineData("Type[Method")]
    public void Malformed_entries_are_left_out(string? setting) => Assert.Empty(TraceMethodsEntry.Parse(setting));

    [Fact]
    public void A_malformed_entry_does_not_hide_the_good_ones() =>
        Assert.Equal("Good.Type", Assert.Single(TraceMethodsEntry.Parse("Bad[;Good.Type[Run]")).TypeName);

    [Fact]
    public void The_plugin_has_one_instrumentation_per_entry_and_none_without_the_setting()
    {
        Assert.Empty(new TraceMethodsPlugin(setting: null).Instrumentations);
        Assert.Equal(["A.B", "C.D"], new TraceMethodsPlugin("A.B[Run];C.D[*]").Instrumentations.Select(i => i.Name));
    }
}
