namespace Sightline.Core.Configuration;

/// <summary>
/// One setting, written once: its key in the JSON file, its environment variables, its default and what it means
/// (STYLE.md habit 11). <c>docs/configuration.md</c> lists the same table, and a test keeps the two in step.
/// </summary>
public abstract class Setting
{
    private protected Setting(string key, string[] environmentVariables, string defaultText, string description)
    {
        Key = key;
        EnvironmentVariables = environmentVariables;
        DefaultText = defaultText;
        Description = description;
    }

    /// <summary>The key in the JSON file, dotted: <c>buffer.capacity</c> is <c>{"buffer": {"capacity": …}}</c>.</summary>
    public string Key { get; }

    /// <summary>The environment variables, in precedence order (the first set one wins).</summary>
    public IReadOnlyList<string> EnvironmentVariables { get; }

    /// <summary>The default as a user would write it.</summary>
    public string DefaultText { get; }

    /// <summary>What the setting does.</summary>
    public string Description { get; }
}

/// <summary>A typed setting: parses its text invariantly and rejects out-of-range values with a reason.</summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class Setting<T> : Setting
{
    private readonly Func<string, T> _parse;

    internal Setting(string key, string[] environmentVariables, T defaultValue, string defaultText, string description, Func<string, T> parse)
        : base(key, environmentVariables, defaultText, description)
    {
        Default = defaultValue;
        _parse = parse;
    }

    /// <summary>The value used when the setting is absent or invalid.</summary>
    public T Default { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public T Parse(string text) => _parse(text.Trim());
}
