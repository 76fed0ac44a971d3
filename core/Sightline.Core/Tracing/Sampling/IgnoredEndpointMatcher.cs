namespace Sightline.Core.Tracing.Sampling;

/// <summary>
/// Which Entry operations are not traced: SkyWalking's <c>ignore_suffix</c> (static files) and the trace-ignore
/// plugin's Ant patterns (<c>?</c> one character, <c>*</c> within a segment, <c>**</c> across segments).
/// An operation name such as <c>GET /static/a.css?v=1</c> is matched by its path: <c>/static/a.css</c>.
/// </summary>
public sealed class IgnoredEndpointMatcher
{
    private readonly string[] _suffixes;
    private readonly string[] _patterns;

    // The ASCII characters some suffix ends with, in both cases; null when one ends with another character, whose
    // case pairs under OrdinalIgnoreCase are not worth reasoning about.
    private readonly bool[]? _lastCharacters;

    /// <summary>Creates a matcher; empty entries are skipped.</summary>
    public IgnoredEndpointMatcher(IEnumerable<string> suffixes, IEnumerable<string> patterns)
    {
        _suffixes = Trimmed(suffixes);
        _patterns = Trimmed(patterns);
        _lastCharacters = LastCharacters(_suffixes);
    }

    /// <summary>True when an Entry span named <paramref name="operationName"/> must not be traced.</summary>
    public bool IsIgnored(string operationName)
    {
        if (_suffixes.Length == 0 && _patterns.Length == 0)
        {
            return false;
        }

        var path = PathOf(operationName);
        if (MayEndWithSuffix(path))
        {
            foreach (var suffix in _suffixes)
            {
                if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        foreach (var pattern in _patterns)
        {
            if (AntMatch(pattern, path))
            {
                return true;
            }
        }

        return false;
    }

    // Most paths end with a character no suffix ends with (a letter of a route, a digit of an id): one look at it then
    // spares an ignore-case comparison per suffix on every Entry span. An ASCII character equals only its ASCII case
    // pair under OrdinalIgnoreCase; anything else is left to the comparisons.
    private bool MayEndWithSuffix(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty || _suffixes.Length == 0)
        {
            return false;
        }

        var last = path[^1];
        return _lastCharacters is null || !char.IsAscii(last) || _lastCharacters[last];
    }

    // A loop, not Where/Select/ToArray: past eight items LINQ builds the array with framework code (its segment
    // buffers) that is JIT-compiled at start-up, ReadyToRun holding none of it.
    private static string[] Trimmed(IEnumerable<string> items)
    {
        var kept = new List<string>();
        foreach (var item in items)
        {
            if (!string.IsNullOrWhiteSpace(item))
            {
                kept.Add(item.Trim());
            }
        }

        return kept.ToArray();
    }

    private static bool[]? LastCharacters(string[] suffixes)
    {
        var characters = new bool[128];
        foreach (var suffix in suffixes)
        {
            var last = suffix[^1];
            if (!char.IsAscii(last))
            {
                return null;
            }

            characters[char.ToLowerInvariant(last)] = true;
            characters[char.ToUpperInvariant(last)] = true;
        }

        return characters;
    }

    // "GET /a/b?x=1" -> "/a/b": the method prefix and the query string are not part of the path.
    private static ReadOnlySpan<char> PathOf(string operationName)
    {
        var span = operationName.AsSpan();
        var space = span.IndexOf(' ');
        if (space >= 0)
        {
            span = span[(space + 1)..];
        }

        var query = span.IndexOfAny('?', '#');
        return query >= 0 ? span[..query] : span;
    }

    /// <summary>Ant-style match of the whole <paramref name="path"/> against <paramref name="pattern"/>.</summary>
    public static bool AntMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> path)
    {
        // Iterative matcher with one backtrack point per star kind; no recursion, so hostile input cannot blow the stack.
        int p = 0, s = 0, starP = -1, starS = -1;
        var starCrossesSlash = false;
        while (s < path.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starCrossesSlash = p + 1 < pattern.Length && pattern[p + 1] == '*';
                p += starCrossesSlash ? 2 : 1;
                starP = p;
                starS = s;
            }
            else if (p < pattern.Length && (pattern[p] == path[s] || (pattern[p] == '?' && path[s] != '/')))
            {
                p++;
                s++;
            }
            else if (starP >= 0 && (starCrossesSlash || path[starS] != '/'))
            {
                starS++;
                s = starS;
                p = starP;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
