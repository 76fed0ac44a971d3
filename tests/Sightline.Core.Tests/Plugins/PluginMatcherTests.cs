using System.Reflection;
using Sightline.Core.Plugins;
using Sightline.Spi.Plugins;
using Sightline.Spi.Plugins.Matching;

namespace Sightline.Core.Tests.Plugins;

public sealed class PluginMatcherTests
{
    private const string Ns = "Sightline.TestTarget.";

    [Theory]
    [InlineData("name", "Shop")]
    [InlineData("any-name", "Ledger,Shop")]
    [InlineData("prefix", "Ledger,MiddleStore,OutletStore")]
    [InlineData("regex", "MiddleStore,OutletStore")]
    [InlineData("derives-from", "MiddleStore,OutletStore")]
    [InlineData("implements", "MiddleStore,OutletStore")]
    [InlineData("hierarchy", "MiddleStore,OutletStore")]
    [InlineData("type-attribute", "OutletStore")]
    [InlineData("method-attribute", "OutletStore")]
    [InlineData("and", "OutletStore")]
    [InlineData("or", "Ledger,Shop")]
    [InlineData("not", "Ledger,Shop,StoreBase")]
    public void Each_class_match_kind_selects_exactly_its_types(string kind, string expected)
    {
        var rule = kind switch
        {
            "name" => ClassMatch.Name(Ns + "Shop"),
            "any-name" => ClassMatch.AnyName(Ns + "Shop", Ns + "Ledger", Ns + "DoesNotExist"),
            "prefix" => ClassMatch.Prefix(Ns + "L", Ns + "M", Ns + "O") & !ClassMatch.Name(Ns + "LoyaltyProgram"),
            "regex" => ClassMatch.Regex(@"\.(Middle|Outlet)Store$"),
            "derives-from" => ClassMatch.DerivesFrom(Ns + "StoreBase"),
            "implements" => ClassMatch.Implements(Ns + "IAuditable"),
            "hierarchy" => ClassMatch.Hierarchy(Ns + "StoreBase", Ns + "IAuditable"),
            "type-attribute" => ClassMatch.HasAttribute(Ns + "TracedAttribute"),
            "method-attribute" => ClassMatch.HasMethodWithAttribute(Ns + "TracedMethodAttribute"),
            "and" => ClassMatch.DerivesFrom(Ns + "StoreBase") & ClassMatch.HasAttribute(Ns + "TracedAttribute"),
            "or" => ClassMatch.Name(Ns + "Shop") | ClassMatch.Name(Ns + "Ledger"),
            "not" => ClassMatch.Prefix(Ns) & !ClassMatch.Prefix(Ns + "Middle", Ns + "Outlet", Ns + "<") & !ClassMatch.Regex("\\+"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var matched = Match(TestTargets.V2, new RulePlugin("p", rule, InterceptPoint.InstanceMethods(MethodMatch.Any, typeof(NoopInterceptor))));
        var typeNames = matched.Select(m => m.Method.DeclaringType!.Name).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(expected, string.Join(",", typeNames));
    }

    [Theory]
    [InlineData("System.Runtime", true)]
    [InlineData("SYSTEM.RUNTIME", true)]
    [InlineData("System", false)]
    [InlineData("System.Runtime.Extensions.Missing", false)]
    [InlineData("Sightline.TestTarget", false)]
    public void A_required_reference_is_read_from_the_assemblys_own_references(string required, bool matches)
    {
        Assert.Contains(TestTargets.V2.GetReferencedAssemblies(), r => r.Name == "System.Runtime");

        var matched = Match(TestTargets.V2, new RulePlugin("p", ClassMatch.Name(Ns + "Shop"), RulePlugin.AnyInstanceMethod, requiredReference: required));

        Assert.Equal(matches, matched.Count > 0);
    }

    [Fact]
    public void A_framework_assembly_is_read_for_a_required_reference_inside_the_framework()
    {
        var regex = typeof(System.Text.RegularExpressions.Regex);
        var reference = regex.Assembly.GetReferencedAssemblies()[0].Name!;
        var point = InterceptPoint.InstanceMethods(MethodMatch.Named("IsMatch") & MethodMatch.ParameterTypes("System.String"), typeof(NoopInterceptor));

        var framework = Match(regex.Assembly, new RulePlugin("p", ClassMatch.Name(regex.FullName!), point, requiredReference: reference.ToUpperInvariant()));
        var outside = Match(regex.Assembly, new RulePlugin("p", ClassMatch.Name(regex.FullName!), point, requiredReference: "Sightline.Toolkit"));

        Assert.Equal("IsMatch(String)", Describe(framework));
        Assert.Empty(outside);
    }

    [Fact]
    public void Exact_names_are_indexed_and_combined_rules_keep_the_narrowest_candidates()
    {
        Assert.Equal(["A"], ClassMatch.Name("A").CandidateNames!);
        Assert.Equal(["A"], (ClassMatch.AnyName("A", "B") & ClassMatch.AnyName("A", "C")).CandidateNames!.Order());
        Assert.Equal(["A", "B"], (ClassMatch.Name("A") | ClassMatch.Name("B")).CandidateNames!.Order());
        Assert.Equal(["A"], (ClassMatch.Name("A") & ClassMatch.Prefix("x")).CandidateNames!);
        Assert.Null((ClassMatch.Name("A") | ClassMatch.Prefix("x")).CandidateNames);
        Assert.Null((!ClassMatch.Name("A")).CandidateNames);
    }

    [Theory]
    [InlineData("named", "Checkout(Int32),Checkout(Int32, String)")]
    [InlineData("parameter-count", "Checkout(Int32, String)")]
    [InlineData("parameter-types", "Checkout(Int32, String)")]
    [InlineData("parameter-at", "Checkout(Int32, String)")]
    [InlineData("returns", "Describe(String)")]
    [InlineData("visibility", "Restock(Int32)")]
    [InlineData("static", "Describe(String)")]
    public void Method_matchers_select_exactly_their_methods(string kind, string expected)
    {
        var (pointKind, methods) = kind switch
        {
            "named" => (InterceptPointKind.InstanceMethod, MethodMatch.Named("Checkout")),
            "parameter-count" => (InterceptPointKind.InstanceMethod, MethodMatch.Named("Checkout") & MethodMatch.ParameterCount(2)),
            "parameter-types" => (InterceptPointKind.InstanceMethod, MethodMatch.ParameterTypes("System.Int32", "System.String")),
            "parameter-at" => (InterceptPointKind.InstanceMethod, MethodMatch.ParameterType(1, "System.String")),
            "returns" => (InterceptPointKind.StaticMethod, MethodMatch.Returns("System.String")),
            "visibility" => (InterceptPointKind.InstanceMethod, MethodMatch.Visibility(MethodVisibility.Internal) & !MethodMatch.NameStartsWith("get_")),
            "static" => (InterceptPointKind.StaticMethod, MethodMatch.Any),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var point = new InterceptPoint(pointKind, methods, typeof(NoopInterceptor));
        var matched = Match(TestTargets.V2, new RulePlugin("p", ClassMatch.Name(Ns + "Shop"), point));

        Assert.Equal(expected, Describe(matched));
    }

    [Fact]
    public void Method_attribute_and_return_type_match_async_methods_by_generic_definition()
    {
        var point = InterceptPoint.InstanceMethods(
            MethodMatch.HasAttribute(Ns + "TracedMethodAttribute") & MethodMatch.Returns("System.Threading.Tasks.Task`1"),
            typeof(NoopInterceptor));
        var matched = Match(TestTargets.V2, new RulePlugin("p", ClassMatch.Name(Ns + "OutletStore"), point));

        Assert.Equal("ShipAsync(Int32)", Describe(matched));
    }

    [Fact]
    public void Constructors_are_their_own_intercept_point()
    {
        var point = InterceptPoint.Constructors(MethodMatch.ParameterTypes("System.String"), typeof(NoopInterceptor));
        var matched = Match(TestTargets.V1, new RulePlugin("p", ClassMatch.Name(Ns + "Ledger"), point));

        var ctor = Assert.Single(matched);
        Assert.True(ctor.Method.IsConstructor);
    }

    [Fact]
    public void Inherited_methods_are_seen_only_when_the_intercept_point_asks_and_declared_only_excludes_them()
    {
        var own = Match(TestTargets.V1, new RulePlugin("p", ClassMatch.Name(Ns + "OutletStore"), RulePlugin.AnyInstanceMethod));
        var withInherited = Match(TestTargets.V1, new RulePlugin("p", ClassMatch.Name(Ns + "OutletStore"),
            InterceptPoint.InstanceMethods(MethodMatch.Any, typeof(NoopInterceptor)) with { IncludeInherited = true }));
        var declaredOnly = Match(TestTargets.V1, new RulePlugin("p", ClassMatch.Name(Ns + "OutletStore"),
            InterceptPoint.InstanceMethods(MethodMatch.DeclaredOnly, typeof(NoopInterceptor)) with { IncludeInherited = true }));

        Assert.DoesNotContain("Inherited()", Describe(own), StringComparison.Ordinal);
        Assert.Contains("Inherited()", Describe(withInherited), StringComparison.Ordinal);
        Assert.Contains("Open()", Describe(withInherited), StringComparison.Ordinal);
        Assert.Equal(Describe(own), Describe(declaredOnly));
    }

    [Fact]
    public void Abstract_methods_are_recorded_as_binding_failures_not_matched()
    {
        var log = new DecisionLog();
        var matched = Match(TestTargets.V1, new RulePlugin("p", ClassMatch.Name(Ns + "StoreBase"),
            InterceptPoint.InstanceMethods(MethodMatch.Named("Open"), typeof(NoopInterceptor))), log);

        Assert.Empty(matched);
        var decision = Assert.Single(log.Snapshot());
        Assert.Equal(PluginOutcome.BindingFailed, decision.Outcome);
        Assert.Contains("abstract", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_throws_is_recorded_and_treated_as_no_match()
    {
        var log = new DecisionLog();
        var throwingTypes = ClassMatch.Where("explodes on Ledger", t => t.FullName.EndsWith("Ledger", StringComparison.Ordinal) ? throw new InvalidOperationException("boom") : t.FullName.EndsWith("Shop", StringComparison.Ordinal));
        var throwingMethods = MethodMatch.Where("explodes on Describe", m => m.Name == "Describe" ? throw new InvalidOperationException("bang") : m.Name == "Checkout");

        var matched = Match(TestTargets.V1, new RulePlugin("p", throwingTypes, new InterceptPoint(InterceptPointKind.StaticMethod, throwingMethods, typeof(NoopInterceptor))), log);
        var instance = Match(TestTargets.V1, new RulePlugin("p", throwingTypes, InterceptPoint.InstanceMethods(throwingMethods, typeof(NoopInterceptor))));

        Assert.Empty(matched);
        Assert.Equal("Checkout(Int32)", Describe(instance));
        var failures = log.Snapshot().Where(d => d.Outcome == PluginOutcome.MatchFailed).Select(d => d.Reason).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, r => r.Contains("explodes on Ledger threw InvalidOperationException: boom", StringComparison.Ordinal));
        Assert.Contains(failures, r => r.Contains("explodes on Describe threw InvalidOperationException: bang", StringComparison.Ordinal));
    }

    [Fact]
    public void Plugins_for_another_assembly_are_not_evaluated()
    {
        var log = new DecisionLog();
        var plugin = new RulePlugin("p", ClassMatch.Name(Ns + "Shop"), RulePlugin.AnyInstanceMethod, new AssemblyWitness("Other.Library", "*"));

        Assert.Empty(Match(TestTargets.V1, plugin, log));
        Assert.Empty(log.Snapshot());
    }

    internal static IReadOnlyList<MatchedMethod> Match(Assembly assembly, SightlinePlugin plugin, DecisionLog? log = null, PluginOptions? options = null) =>
        new PluginMatcher([plugin], options ?? PluginOptions.Default, log ?? new DecisionLog()).Match(assembly);

    internal static string Describe(IEnumerable<MatchedMethod> matched) =>
        string.Join(",", matched
            .Select(m => $"{m.Method.Name}({string.Join(", ", m.Method.GetParameters().Select(p => p.ParameterType.Name))})")
            .Where(n => !n.StartsWith("get_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal));
}
