using System.Globalization;
using System.Text.RegularExpressions;

namespace Sightline.Scenarios.Expectations;

/// <summary>
/// One expected value: a literal (equals), or an operator in front of the operand — <c>eq X</c>, <c>ne X</c>,
/// <c>null</c>, <c>not null</c>, <c>not blank</c>, <c>gt N</c>, <c>ge N</c>, <c>starts with X</c>, <c>ends with X</c>,
/// <c>regex X</c> (SkyWalking's expected-data operators, spelled out).
/// </summary>
public sealed class ValueMatcher
{
    private readonly Func<string?, bool> _test;

    private ValueMatcher(string text, Func<string?, bool> test)
    {
        Text = text;
        _test = test;
    }

    /// <summary>The matcher as written.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; a null text means the value must be absent.</summary>
    /// <exception cref="ScenarioException">An operator without an operand, a bad number or a bad regex.</exception>
    public static ValueMatcher Parse(string? text)
    {
        if (text is null || text == "null")
        {
            return new ValueMatcher("null", a => a is null);
        }

        if (text == "not null")
        {
            return new ValueMatcher(text, a => a is not null);
        }

        if (text == "not blank")
        {
            return new ValueMatcher(text, a => !string.IsNullOrWhiteSpace(a));
        }

        if (Operand(text, "eq ") is { } equal)
        {
            return new ValueMatcher(text, a => a == equal);
        }

        if (Operand(text, "ne ") is { } notEqual)
        {
            return new ValueMatcher(text, a => a != notEqual);
        }

        if (Operand(text, "gt ") is { } greater)
        {
            var bound = Number(text, greater);
            return new ValueMatcher(text, a => TryNumber(a) is { } n && n > bound);
        }

        if (Operand(text, "ge ") is { } atLeast)
        {
            var bound = Number(text, atLeast);
            return new ValueMatcher(text, a => TryNumber(a) is { } n && n >= bound);
        }

        if (Operand(text, "starts with ") is { } prefix)
        {
            return new ValueMatcher(text, a => a is not null && a.StartsWith(prefix, StringComparison.Ordinal));
        }

        if (Operand(text, "ends with ") is { } suffix)
        {
            return new ValueMatcher(text, a => a is not null && a.EndsWith(suffix, StringComparison.Ordinal));
        }

        if (Operand(text, "regex ") is { } pattern)
        {
            Regex regex;
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw new ScenarioException($"'{text}' is not a valid regular expression: {ex.Message}", ex);
            }

            return new ValueMatcher(text, a => a is not null && regex.IsMatch(a));
        }

        return new ValueMatcher(text, a => a == text);
    }

    /// <summary>True when <paramref name="actual"/> (null when absent) satisfies the matcher.</summary>
    public bool Matches(string? actual) => _test(actual);

    /// <inheritdoc />
    public override string ToString() => Text;

    private static string? Operand(string text, string op) =>
        text.StartsWith(op, StringComparison.Ordinal) ? text[op.Length..] : null;

    private static double Number(string text, string operand) =>
        TryNumber(operand) ?? throw new ScenarioException($"'{text}' compares with '{operand}', which is not a number");

    private static double? TryNumber(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
}
