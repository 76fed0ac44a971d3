using System.Text.RegularExpressions;

namespace Sightline.Spi.Plugins.Matching;

/// <summary>
/// A rule that says which types an instrumentation enhances. Types are named as strings, so a plugin needs
/// no reference to the library it instruments. Exact names are looked up directly when an assembly loads;
/// every other kind is checked against each type of the assembly, so prefer exact names.
/// </summary>
/// <example>
/// <code>
/// ClassMatch.Name("Microsoft.Data.Sqlite.SqliteCommand")
/// ClassMatch.DerivesFrom("System.Data.Common.DbCommand") &amp; !ClassMatch.Prefix("System.")
/// </code>
/// </example>
public abstract class ClassMatch
{
    private protected ClassMatch()
    {
    }

    /// <summary>
    /// The only type names this rule can match, when it can say so; null when every type must be checked.
    /// The engine uses this to index rules by name instead of scanning.
    /// </summary>
    public virtual IReadOnlySet<string>? CandidateNames => null;

    /// <summary>Matches a type whose full name is exactly <paramref name="fullName"/>.</summary>
    public static ClassMatch Name(string fullName) => AnyName(fullName);

    /// <summary>Matches a type whose full name is any of <paramref name="fullNames"/>.</summary>
    public static ClassMatch AnyName(params string[] fullNames) => new NameRule(fullNames);

    /// <summary>Matches a type whose full name starts with any of <paramref name="prefixes"/> (ordinal).</summary>
    public static ClassMatch Prefix(params string[] prefixes) =>
        new PredicateRule($"prefix({string.Join(", ", prefixes)})", t => prefixes.Any(p => t.FullName.StartsWith(p, StringComparison.Ordinal)));

    /// <summary>Matches a type whose full name matches the regular expression <paramref name="pattern"/>.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static ClassMatch Regex(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        return new PredicateRule($"regex({pattern})", t => regex.IsMatch(t.FullName));
    }

    /// <summary>Matches a type that derives, directly or not, from the class <paramref name="baseTypeName"/>.</summary>
    public static ClassMatch DerivesFrom(string baseTypeName) =>
        new PredicateRule($"derives-from({baseTypeName})", t => HasBase(t, baseTypeName));

    /// <summary>Matches a type that implements the interface <paramref name="interfaceName"/>, directly or through a base.</summary>
    public static ClassMatch Implements(string interfaceName) =>
        new PredicateRule($"implements({interfaceName})", t => t.InterfaceNames.Contains(interfaceName));

    /// <summary>Matches a type that has every one of <paramref name="superTypeNames"/> as a base class or interface.</summary>
    public static ClassMatch Hierarchy(params string[] superTypeNames) =>
        new PredicateRule(
            $"hierarchy({string.Join(", ", superTypeNames)})",
            t => superTypeNames.All(s => HasBase(t, s) || t.InterfaceNames.Contains(s)));

    /// <summary>Matches a type that declares the attribute <paramref name="attributeName"/> itself.</summary>
    public static ClassMatch HasAttribute(string attributeName) =>
        new PredicateRule($"attribute({attributeName})", t => t.AttributeNames.Contains(attributeName));

    /// <summary>Matches a type that declares at least one method carrying the attribute <paramref name="attributeName"/>.</summary>
    public static ClassMatch HasMethodWithAttribute(string attributeName) =>
        new PredicateRule(
            $"method-attribute({attributeName})",
            t => t.DeclaredMethods.Any(m => m.AttributeNames.Contains(attributeName)));

    /// <summary>
    /// Matches the types <paramref name="predicate"/> accepts: a custom rule for what the other kinds cannot say.
    /// An exception it throws is recorded and counts as no match.
    /// </summary>
    public static ClassMatch Where(string description, Func<ITypeView, bool> predicate) => new PredicateRule(description, predicate);

    /// <summary>Matches when both rules match.</summary>
    public static ClassMatch operator &(ClassMatch left, ClassMatch right) => new AndRule(left, right);

    /// <summary>Matches when either rule matches.</summary>
    public static ClassMatch operator |(ClassMatch left, ClassMatch right) => new OrRule(left, right);

    /// <summary>Matches when the rule does not.</summary>
    public static ClassMatch operator !(ClassMatch rule) => new NotRule(rule);

    /// <summary>Matches when both rules match; the same as <c>&amp;</c>.</summary>
    public ClassMatch And(ClassMatch other) => this & other;

    /// <summary>Matches when either rule matches; the same as <c>|</c>.</summary>
    public ClassMatch Or(ClassMatch other) => this | other;

    /// <summary>Matches when this rule does not; the same as <c>!</c>.</summary>
    public ClassMatch Not() => !this;

    /// <summary>Says whether <paramref name="type"/> is enhanced by this rule.</summary>
    public abstract bool Matches(ITypeView type);

    private static bool HasBase(ITypeView type, string name)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (b.FullName == name)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class NameRule(string[] names) : ClassMatch
    {
        private readonly HashSet<string> _names = new(names, StringComparer.Ordinal);

        public override IReadOnlySet<string> CandidateNames => _names;

        public override bool Matches(ITypeView type) => _names.Contains(type.FullName);

        public override string ToString() => names.Length == 1 ? $"name({names[0]})" : $"any-name({string.Join(", ", names)})";
    }

    private sealed class PredicateRule(string description, Func<ITypeView, bool> predicate) : ClassMatch
    {
        public override bool Matches(ITypeView type) => predicate(type);

        public override string ToString() => description;
    }

    private sealed class AndRule(ClassMatch left, ClassMatch right) : ClassMatch
    {
        // Either side narrows the candidates; both sides must still match.
        public override IReadOnlySet<string>? CandidateNames =>
            (left.CandidateNames, right.CandidateNames) switch
            {
                (null, var r) => r,
                (var l, null) => l,
                (var l, var r) => l.Intersect(r).ToHashSet(StringComparer.Ordinal),
            };

        public override bool Matches(ITypeView type) => left.Matches(type) && right.Matches(type);

        public override string ToString() => $"({left} and {right})";
    }

    private sealed class OrRule(ClassMatch left, ClassMatch right) : ClassMatch
    {
        public override IReadOnlySet<string>? CandidateNames =>
            left.CandidateNames is { } l && right.CandidateNames is { } r ? l.Union(r).ToHashSet(StringComparer.Ordinal) : null;

        public override bool Matches(ITypeView type) => left.Matches(type) || right.Matches(type);

        public override string ToString() => $"({left} or {right})";
    }

    private sealed class NotRule(ClassMatch inner) : ClassMatch
    {
        public override bool Matches(ITypeView type) => !inner.Matches(type);

        public override string ToString() => $"not {inner}";
    }
}
