using System.Text.RegularExpressions;

namespace Sightline.Spi.Plugins.Matching;

/// <summary>
/// A rule that says which methods of an enhanced type are intercepted. Combine rules with <c>&amp;</c>,
/// <c>|</c> and <c>!</c>; type names are strings, as in <see cref="ClassMatch"/>.
/// </summary>
/// <example>
/// <code>
/// MethodMatch.Named("ExecuteReader") &amp; MethodMatch.ParameterTypes("System.Data.CommandBehavior")
/// MethodMatch.Named("SendAsync") &amp; MethodMatch.Returns("System.Threading.Tasks.Task`1")
/// </code>
/// </example>
public abstract class MethodMatch
{
    private protected MethodMatch()
    {
    }

    /// <summary>Matches every method.</summary>
    public static MethodMatch Any { get; } = new Rule("any", _ => true);

    /// <summary>Matches instance constructors.</summary>
    public static MethodMatch Constructor { get; } = new Rule("constructor", m => m.IsConstructor);

    /// <summary>Matches static methods.</summary>
    public static MethodMatch Static { get; } = new Rule("static", m => m.IsStatic);

    /// <summary>Matches instance methods (not constructors).</summary>
    public static MethodMatch Instance { get; } = new Rule("instance", m => !m.IsStatic && !m.IsConstructor);

    /// <summary>Matches methods declared by the enhanced type itself, not inherited from a base class.</summary>
    public static MethodMatch DeclaredOnly { get; } = new Rule("declared-only", m => !m.IsInherited);

    /// <summary>Matches a method named exactly <paramref name="name"/> (ordinal).</summary>
    public static MethodMatch Named(string name) => new Rule($"named({name})", m => m.Name == name);

    /// <summary>Matches a method whose name is any of <paramref name="names"/>.</summary>
    public static MethodMatch NamedAny(params string[] names) =>
        new Rule($"named-any({string.Join(", ", names)})", m => names.Contains(m.Name, StringComparer.Ordinal));

    /// <summary>Matches a method whose name starts with <paramref name="prefix"/>.</summary>
    public static MethodMatch NameStartsWith(string prefix) =>
        new Rule($"name-starts-with({prefix})", m => m.Name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Matches a method whose name matches the regular expression <paramref name="pattern"/>.</summary>
    public static MethodMatch NameMatches(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        return new Rule($"name-regex({pattern})", m => regex.IsMatch(m.Name));
    }

    /// <summary>Matches a method that takes exactly <paramref name="count"/> parameters.</summary>
    public static MethodMatch ParameterCount(int count) => new Rule($"parameter-count({count})", m => m.ParameterTypeNames.Count == count);

    /// <summary>Matches a method whose parameter types are exactly <paramref name="typeNames"/>, in order.</summary>
    public static MethodMatch ParameterTypes(params string[] typeNames) =>
        new Rule($"parameters({string.Join(", ", typeNames)})", m => m.ParameterTypeNames.SequenceEqual(typeNames, StringComparer.Ordinal));

    /// <summary>Matches a method whose parameter at <paramref name="index"/> has the type <paramref name="typeName"/>.</summary>
    public static MethodMatch ParameterType(int index, string typeName) =>
        new Rule($"parameter({index}: {typeName})", m => index < m.ParameterTypeNames.Count && m.ParameterTypeNames[index] == typeName);

    /// <summary>Matches a method returning <paramref name="typeName"/> (a generic definition name such as <c>System.Threading.Tasks.Task`1</c>).</summary>
    public static MethodMatch Returns(string typeName) => new Rule($"returns({typeName})", m => m.ReturnTypeName == typeName);

    /// <summary>Matches a method that carries the attribute <paramref name="attributeName"/>.</summary>
    public static MethodMatch HasAttribute(string attributeName) =>
        new Rule($"attribute({attributeName})", m => m.AttributeNames.Contains(attributeName));

    /// <summary>Matches a method whose accessibility is one of <paramref name="visibility"/>.</summary>
    public static MethodMatch Visibility(MethodVisibility visibility) =>
        new Rule($"visibility({visibility})", m => (m.Visibility & visibility) != 0);

    /// <summary>
    /// Matches the methods <paramref name="predicate"/> accepts: a custom rule for what the other matchers cannot say.
    /// An exception it throws is recorded and counts as no match.
    /// </summary>
    public static MethodMatch Where(string description, Func<IMethodView, bool> predicate) => new Rule(description, predicate);

    /// <summary>Matches when both rules match.</summary>
    public static MethodMatch operator &(MethodMatch left, MethodMatch right) =>
        new Rule($"({left} and {right})", m => left.Matches(m) && right.Matches(m));

    /// <summary>Matches when either rule matches.</summary>
    public static MethodMatch operator |(MethodMatch left, MethodMatch right) =>
        new Rule($"({left} or {right})", m => left.Matches(m) || right.Matches(m));

    /// <summary>Matches when the rule does not.</summary>
    public static MethodMatch operator !(MethodMatch rule) => new Rule($"not {rule}", m => !rule.Matches(m));

    /// <summary>Matches when both rules match; the same as <c>&amp;</c>.</summary>
    public MethodMatch And(MethodMatch other) => this & other;

    /// <summary>Matches when either rule matches; the same as <c>|</c>.</summary>
    public MethodMatch Or(MethodMatch other) => this | other;

    /// <summary>Matches when this rule does not; the same as <c>!</c>.</summary>
    public MethodMatch Not() => !this;

    /// <summary>Says whether <paramref name="method"/> is intercepted by this rule.</summary>
    public abstract bool Matches(IMethodView method);

    private sealed class Rule(string description, Func<IMethodView, bool> predicate) : MethodMatch
    {
        public override bool Matches(IMethodView method) => predicate(method);

        public override string ToString() => description;
    }
}
