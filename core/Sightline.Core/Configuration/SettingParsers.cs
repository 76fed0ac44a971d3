using System.Globalization;

namespace Sightline.Core.Configuration;

/// <summary>Invariant parsers for setting values; each failure says what was expected.</summary>
internal static class SettingParsers
{
    public static bool Bool(string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new FormatException("expected true or false"),
    };

    public static Func<string, int> Int(int min, int max) => text =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value >= min && value <= max ? value : throw new FormatException($"expected a whole number from {min} to {max}")
            : throw new FormatException("expected a whole number");

    public static Func<string, double> Double(double min, double max) => text =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsNaN(value)
            ? value >= min && value <= max ? value : throw new FormatException($"expected a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}")
            : throw new FormatException("expected a number such as 0.25");

    public static string Text(string text) => text.Length > 0 ? text : throw new FormatException("expected a value, got an empty one");

    public static IReadOnlyList<string> List(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static Func<string, IReadOnlyList<string>> ListOf(params string[] allowed) => text =>
    {
        var items = List(text).Select(i => i.ToLowerInvariant()).ToList();
        var unknown = items.Where(i => !allowed.Contains(i, StringComparer.Ordinal)).ToList();
        return unknown.Count == 0 ? items : throw new FormatException($"'{string.Join(", ", unknown)}' is not one of {string.Join(", ", allowed)}");
    };

    // A choice is a small class, not a (string, T) tuple: ValueTuple<string, SomeEnum> is framework code over a value
    // type, JIT-compiled at start-up for every enum setting (ReadyToRun cannot hold it).
    public static NamedValue<T> Named<T>(string name, T value) => new(name, value);

    public static Func<string, T> OneOf<T>(params NamedValue<T>[] choices) => text =>
    {
        foreach (var choice in choices)
        {
            if (string.Equals(choice.Name, text, StringComparison.OrdinalIgnoreCase))
            {
                return choice.Value;
            }
        }

        throw new FormatException($"expected one of {string.Join(", ", choices.Select(c => c.Name))}");
    };

    public static Uri AbsoluteUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new FormatException("expected an absolute http:// or https:// address");

    // OTEL_RESOURCE_ATTRIBUTES: key=value pairs separated by commas, values percent-encoded (OTel specification).
    public static IReadOnlyDictionary<string, string> KeyValues(string text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in List(text))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"expected key=value pairs separated by commas, got '{item}'");
            }

            pairs[item[..eq].Trim()] = Uri.UnescapeDataString(item[(eq + 1)..].Trim());
        }

        return pairs;
    }

    internal sealed class NamedValue<T>(string name, T value)
    {
        public string Name { get; } = name;

        public T Value { get; } = value;
    }
}
