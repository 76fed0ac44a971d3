using System.Text;

namespace Sightline.Plugins.AspNetCore;

/// <summary>
/// A route pattern's raw text reduced to what names a route, as OpenTelemetry's ASP.NET Core instrumentation writes
/// <c>http.route</c>: parameters lose their constraints, defaults and markers (<c>{id:int}</c>, <c>{id=7}</c>,
/// <c>{**path}</c> become <c>{id}</c>, <c>{path}</c>); an optional parameter is kept as <c>{id}</c> when the request
/// has a value for it and left out when not; <c>area</c>, <c>controller</c> and <c>action</c> become the values the
/// endpoint is bound to (<c>/Home/Index</c>), when it has them. Parsed once per endpoint.
/// </summary>
internal sealed class HttpRoute
{
    private static readonly string[] BoundNames = ["area", "controller", "action"];

    private readonly List<List<Part>> _segments;
    private readonly string? _fixed;

    // Span names of the fixed route, one per request method met, copied on write: a lost race costs one concatenation.
    private (string Method, string Name)[] _names = [];

    private HttpRoute(List<List<Part>> segments, bool dynamic)
    {
        _segments = segments;
        _fixed = dynamic ? null : Render(segments, static (_, _) => false, 0);
    }

    /// <summary>Parses <paramref name="rawText"/> (<c>/orders/{id:int}</c>, <c>api/{**path}</c>).</summary>
    /// <param name="rawText">The pattern as written.</param>
    /// <param name="boundValue">The endpoint's required value of a route parameter (MVC's controller and action), or null.</param>
    public static HttpRoute Parse(string rawText, Func<string, string?> boundValue)
    {
        var segments = new List<List<Part>>();
        var dynamic = false;
        var text = rawText.StartsWith("~/", StringComparison.Ordinal) ? rawText[1..] : rawText;
        foreach (var segmentText in SplitSegments(text))
        {
            var parts = new List<Part>();
            var literal = new StringBuilder();
            for (var i = 0; i < segmentText.Length; i++)
            {
                var c = segmentText[i];
                if ((c == '{' || c == '}') && i + 1 < segmentText.Length && segmentText[i + 1] == c)
                {
                    literal.Append(c);
                    i++;
                }
                else if (c == '{')
                {
                    var end = ParameterEnd(segmentText, i + 1);
                    var parameter = ParseParameter(segmentText[(i + 1)..end], boundValue);
                    if (literal.Length > 0)
                    {
                        parts.Add(new Part(literal.ToString(), null, false));
                        literal.Clear();
                    }

                    parts.Add(parameter);
                    dynamic |= parameter.Optional;
                    i = end;
                }
                else
                {
                    literal.Append(c);
                }
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), null, false));
            }

            segments.Add(parts);
        }

        return new HttpRoute(segments, dynamic);
    }

    /// <summary>The route of every request when the pattern has no optional parameter; null when it has.</summary>
    public string? Fixed => _fixed;

    /// <summary>The route for one request; <paramref name="hasValue"/> says whether it has a value for a parameter.</summary>
    public string Resolve(Func<string, bool> hasValue) => Resolve(hasValue, static (has, name) => has(name));

    /// <summary>
    /// The route for one request, asking <paramref name="hasValue"/> with <paramref name="state"/> whether it has a value
    /// for a parameter: a static callback and its state, so that no closure is made per request.
    /// </summary>
    public string Resolve<TState>(TState state, Func<TState, string, bool> hasValue) => _fixed ?? Render(_segments, hasValue, state);

    /// <summary>
    /// The span name for <paramref name="route"/> (what <see cref="Resolve{TState}"/> returned) and the request's method:
    /// made once per method when the route is the same for every request.
    /// </summary>
    public string SpanName(string method, string route)
    {
        if (!ReferenceEquals(route, _fixed))
        {
            return string.Concat(method, " ", route);
        }

        var names = _names;
        foreach (var (known, name) in names)
        {
            if (string.Equals(known, method, StringComparison.Ordinal))
            {
                return name;
            }
        }

        var made = string.Concat(method, " ", route);

        // Bounded: a client inventing methods must not grow it.
        if (names.Length < 8)
        {
            _names = [.. names, (method, made)];
        }

        return made;
    }

    private static string Render<TState>(List<List<Part>> segments, Func<TState, string, bool> hasValue, TState state)
    {
        var route = new StringBuilder();
        foreach (var parts in segments)
        {
            var segment = new StringBuilder();
            for (var i = 0; i < parts.Count; i++)
            {
                var part = parts[i];
                if (part.Parameter is null)
                {
                    // The separator before an optional parameter that ends a segment ({name}.{ext?}) goes with it.
                    var skipsNext = i > 0 && i + 2 == parts.Count && parts[i + 1] is { Optional: true } next && !hasValue(state, next.Parameter!);
                    if (!skipsNext)
                    {
                        segment.Append(part.Text);
                    }
                }
                else if (!part.Optional || hasValue(state, part.Parameter))
                {
                    segment.Append(part.Text);
                }
            }

            if (segment.Length > 0)
            {
                route.Append('/').Append(segment);
            }
        }

        return route.Length == 0 ? "/" : route.ToString();
    }

    // Segments are separated by slashes outside parameters (a constraint's regex may hold one).
    private static List<string> SplitSegments(string text)
    {
        var segments = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '{' && !(i + 1 < text.Length && text[i + 1] == '{'))
            {
                i = ParameterEnd(text, i + 1);
            }
            else if (text[i] == '{')
            {
                i++;
            }
            else if (text[i] == '/')
            {
                segments.Add(text[start..i]);
                start = i + 1;
            }
        }

        segments.Add(text[start..]);
        return segments.Where(s => s.Length > 0).ToList();
    }

    // The closing brace of a parameter opened before start; inside it '}}' is an escaped brace (regex constraints).
    private static int ParameterEnd(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '}')
            {
                if (i + 1 < text.Length && text[i + 1] == '}')
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return text.Length - 1;
    }

    private static Part ParseParameter(string content, Func<string, string?> boundValue)
    {
        var name = content.TrimStart('*');
        var nameEnd = name.IndexOfAny([':', '=', '?']);
        var optional = content.EndsWith('?');
        name = nameEnd < 0 ? name : name[..nameEnd];
        if (Array.IndexOf(BoundNames, name) >= 0 && boundValue(name) is { Length: > 0 } bound)
        {
            return new Part(bound, null, false);
        }

        return new Part("{" + name + "}", name, optional);
    }

    /// <summary>A literal (<see cref="Parameter"/> null) or a parameter, with the text it is written as.</summary>
    private sealed record Part(string Text, string? Parameter, bool Optional);
}
