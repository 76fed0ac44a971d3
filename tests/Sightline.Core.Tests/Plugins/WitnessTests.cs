using Sightline.Core.Plugins;
using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Core.Tests.Plugins;

/// <summary>Witnesses and version ranges, against version 1 and version 2 of the same library.</summary>
public sealed class WitnessTests
{
    private const string Ns = "Sightline.TestTarget.";

    [Theory]
    [InlineData("[1.0, 2.0)", true, false)]
    [InlineData("2.*", false, true)]
    [InlineData("[1.0, 2.*]", true, true)]
    [InlineData("*", true, true)]
    [InlineData("[3.0,]", false, false)]
    public void Version_range_decides_per_loaded_assembly_version(string range, bool v1Applies, bool v2Applies)
    {
        SightlinePlugin Plugin() => new RulePlugin("shop", ClassMatch.Name(Ns + "Shop"), RulePlugin.AnyInstanceMethod, new AssemblyWitness("Sightline.TestTarget", range));
        var log1 = new DecisionLog();
        var log2 = new DecisionLog();

        Assert.Equal(v1Applies, PluginMatcherTests.Match(TestTargets.V1, Plugin(), log1).Count > 0);
        Assert.Equal(v2Applies, PluginMatcherTests.Match(TestTargets.V2, Plugin(), log2).Count > 0);
        if (!v1Applies)
        {
            var decision = Assert.Single(log1.Snapshot());
            Assert.Equal(PluginOutcome.VersionOutOfRange, decision.Outcome);
            Assert.Contains("1.0.0.0", decision.Reason, StringComparison.Ordinal);
            Assert.Contains(range, decision.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_witness_type_skips_the_plugin_and_names_the_type()
    {
        SightlinePlugin Plugin() => new RulePlugin("loyalty", ClassMatch.Name(Ns + "Shop"), RulePlugin.AnyInstanceMethod, witnessTypes: [Ns + "LoyaltyProgram"]);
        var log = new DecisionLog();

        Assert.Empty(PluginMatcherTests.Match(TestTargets.V1, Plugin(), log));
        Assert.NotEmpty(PluginMatcherTests.Match(TestTargets.V2, Plugin()));
        var decision = Assert.Single(log.Snapshot());
        Assert.Equal(PluginOutcome.WitnessTypeMissing, decision.Outcome);
        Assert.Contains(Ns + "LoyaltyProgram", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_witness_method_skips_the_plugin_and_names_the_method()
    {
        var witness = new MethodWitness(Ns + "Shop", MethodMatch.Named("Checkout") & MethodMatch.ParameterTypes("System.Int32", "System.String"));
        SightlinePlugin Plugin() => new RulePlugin("coupons", ClassMatch.Name(Ns + "Shop"), RulePlugin.AnyInstanceMethod, witnessMethods: [witness]);
        var log = new DecisionLog();

        Assert.Empty(PluginMatcherTests.Match(TestTargets.V1, Plugin(), log));
        Assert.NotEmpty(PluginMatcherTests.Match(TestTargets.V2, Plugin()));
        var decision = Assert.Single(log.Snapshot());
        Assert.Equal(PluginOutcome.WitnessMethodMissing, decision.Outcome);
        Assert.Contains("named(Checkout)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_witness_type_from_another_loaded_assembly_counts()
    {
        var plugin = new RulePlugin("p", ClassMatch.Name(Ns + "Shop"), RulePlugin.AnyInstanceMethod, witnessTypes: ["System.Net.Http.HttpClient"]);
        _ = typeof(HttpClient);

        Assert.NotEmpty(PluginMatcherTests.Match(TestTargets.V1, plugin));
    }

    [Fact]
    public void Disabled_and_opt_in_plugins_are_recorded_and_not_evaluated()
    {
        var log = new DecisionLog();
        var options = new PluginOptions(new HashSet<string> { "SHOP" }, new HashSet<string>());
        var excluded = new RulePlugin("shop", ClassMatch.Name(Ns + "Shop"), RulePlugin.AnyInstanceMethod);
        var optIn = new RulePlugin("extra", ClassMatch.Name(Ns + "Shop"), RulePlugin.AnyInstanceMethod, enabledByDefault: false);

        var matcher = new PluginMatcher([excluded, optIn], options, log);

        Assert.Empty(matcher.Match(TestTargets.V1));
        Assert.Equal([PluginOutcome.Disabled, PluginOutcome.Disabled], log.Snapshot().Select(d => d.Outcome));
        var included = new PluginMatcher([optIn], new PluginOptions(new HashSet<string>(), new HashSet<string> { "extra" }), new DecisionLog());
        Assert.NotEmpty(included.Match(TestTargets.V1));
    }
}
