using System.Globalization;

namespace Sightline.Spi.Plugins;

/// <summary>
/// A range of assembly versions a plugin supports, compared with the loaded assembly's version (not the
/// package version).
/// </summary>
/// <remarks>
/// Accepted forms: <c>*</c> (any); a version with wildcards, such as <c>8.*</c> or <c>8.0.*</c>, or an exact
/// <c>8.0.1</c>; and an interval <c>[1.4, 3.0)</c>, <c>[1.4, 2.*]</c>, <c>(1.0,]</c>, where a square bracket includes
/// the bound, a parenthesis excludes it, an empty bound is open, and a wildcard upper bound includes every
/// version it covers.
/// </remarks>
public sealed class VersionRange
{
    private readonly Version? _min;
    private readonly bool _minInclusive;
    private readonly Version? _max;
    private readonly bool _maxInclusive;
    private readonly string _text;

    private VersionRange(Version? min, bool minInclusive, Version? max, bool maxInclusive, string text)
    {
        _min = min;
        _minInclusive = minInclusive;
        _max = max;
        _maxInclusive = maxInclusive;
        _text = text;
    }

    /// <summary>Every version.</summary>
    public static VersionRange Any { get; } = new(null, true, null, true, "*");

    /// <summary>Parses a range; see the remarks of <see cref="VersionRange"/> for the forms.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid range; the message says why.</exception>
    public static VersionRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t is "*" or "")
        {
            return Any;
        }

        if (t[0] is '[' or '(')
        {
            return ParseInterval(t, text);
        }

        // A single pattern: 8.* covers [8.0.0.0, 9.0.0.0); an exact version covers only itself.
        var (low, high, exact) = ParsePattern(t, text);
        return exact ? new VersionRange(low, true, low, true, text) : new VersionRange(low, true, high, false, text);
    }

    /// <summary>Parses a range, returning false with no exception when <paramref name="text"/> is not valid.</summary>
    public static bool TryParse(string text, out VersionRange? range)
    {
        try
        {
            range = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            range = null;
            return false;
        }
    }

    /// <summary>Says whether <paramref name="version"/> lies in the range.</summary>
    public bool Contains(Version version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var v = Normalize(version);
        if (_min is not null && (_minInclusive ? v < _min : v <= _min))
        {
            return false;
        }

        return _max is null || (_maxInclusive ? v <= _max : v < _max);
    }

    /// <inheritdoc />
    public override string ToString() => _text;

    private static VersionRange ParseInterval(string t, string text)
    {
        if (t[^1] is not (']' or ')'))
        {
            throw new FormatException($"Version range '{text}' opens an interval but does not close it with ']' or ')'.");
        }

        var parts = t[1..^1].Split(',');
        if (parts.Length != 2)
        {
            throw new FormatException($"Version range '{text}' must have exactly two bounds separated by a comma.");
        }

        var minInclusive = t[0] == '[';
        var maxInclusive = t[^1] == ']';
        Version? min = null;
        Version? max = null;
        if (parts[0].Trim().Length > 0)
        {
            var (low, _, exact) = ParsePattern(parts[0].Trim(), text);
            if (!exact)
            {
                throw new FormatException($"Version range '{text}': a lower bound cannot contain a wildcard.");
            }

            min = low;
        }

        if (parts[1].Trim().Length > 0)
        {
            var (low, high, exact) = ParsePattern(parts[1].Trim(), text);
            if (exact)
            {
                max = low;
            }
            else
            {
                // An inclusive wildcard bound (2.*] takes in every 2.x, so it ends just before 3.0; an exclusive
                // one (2.*) stops before 2.0. Either way the bound itself is excluded.
                max = maxInclusive ? high : low;
                maxInclusive = false;
            }
        }

        if (min is not null && max is not null && min > max)
        {
            throw new FormatException($"Version range '{text}' has its lower bound above its upper bound.");
        }

        return new VersionRange(min, minInclusive, max, maxInclusive, text);
    }

    // Returns the lowest version the pattern covers, the first version above it, and whether it had no wildcard.
    private static (Version Low, Version High, bool Exact) ParsePattern(string pattern, string text)
    {
        var parts = pattern.Split('.');
        if (parts.Length > 4)
        {
            throw new FormatException($"Version range '{text}': '{pattern}' has more than four parts.");
        }

        var numbers = new List<int>();
        var wildcardAt = -1;
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] == "*")
            {
                if (i == 0)
                {
                    throw new FormatException($"Version range '{text}': write '*' alone for any version.");
                }

                wildcardAt = i;
                if (parts.Skip(i + 1).Any(p => p != "*"))
                {
                    throw new FormatException($"Version range '{text}': nothing but '*' may follow a '*' in '{pattern}'.");
                }

                break;
            }

            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                throw new FormatException($"Version range '{text}': '{parts[i]}' in '{pattern}' is not a number or '*'.");
            }

            numbers.Add(n);
        }

        var low = ToVersion(numbers);
        if (wildcardAt < 0)
        {
            return (low, low, true);
        }

        // 8.0.* is followed by 8.1: bump the last number written before the wildcard.
        var next = new List<int>(numbers);
        next[^1]++;
        return (low, ToVersion(next), false);
    }

    // Missing parts are 0. Read by index, not Concat(Repeat(0, n)): LINQ over int is JIT-compiled at start-up
    // (ReadyToRun cannot hold it), and every plugin's ranges are parsed then.
    private static Version ToVersion(List<int> numbers) =>
        new(PartOf(numbers, 0), PartOf(numbers, 1), PartOf(numbers, 2), PartOf(numbers, 3));

    private static int PartOf(List<int> numbers, int index) => index < numbers.Count ? numbers[index] : 0;

    private static Version Normalize(Version v) =>
        new(v.Major, Math.Max(v.Minor, 0), Math.Max(v.Build, 0), Math.Max(v.Revision, 0));
}
