using System.Text.Json;

namespace Sightline.Core.Configuration;

/// <summary>
/// Reads settings from the environment and an optional JSON file, the environment first. Collects every
/// problem instead of throwing: a bad value falls back to its default, a bad file is ignored as a whole.
/// </summary>
public sealed class SettingsReader
{
    private const int MaxShownValue = 80;

    // Settings whose JSON form is an object of key/value pairs rather than a nested section.
    private static readonly HashSet<string> DictionaryKeys = new(
        [AgentSettings.ResourceAttributes.Key, AgentSettings.OtlpHeaders.Key], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> KnownKeys = KeysOfAllSettings();
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<string, string> _file;
    private readonly List<ConfigurationProblem> _problems = [];

    private SettingsReader(Func<string, string?> environment, Dictionary<string, string> file, List<ConfigurationProblem> fileProblems)
    {
        _environment = environment;
        _file = file;
        _problems.AddRange(fileProblems);
    }

    /// <summary>Every problem found so far.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems => _problems;

    /// <summary>The JSON file that was read, if any.</summary>
    public string? FilePath { get; private init; }

    /// <summary>
    /// Creates a reader over <paramref name="environment"/> and the JSON file it names (<c>SIGHTLINE_CONFIG_FILE</c>),
    /// else <paramref name="defaultFile"/> when that file exists.
    /// </summary>
    public static SettingsReader Create(Func<string, string?> environment, string? defaultFile)
    {
        var named = environment(AgentSettings.ConfigFile.EnvironmentVariables[0]);
        var path = string.IsNullOrWhiteSpace(named) ? (defaultFile is not null && File.Exists(defaultFile) ? defaultFile : null) : named;
        var problems = new List<ConfigurationProblem>();
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (path is not null)
        {
            try
            {
                var json = File.ReadAllBytes(path);
                if (!JsonSettingsFlattener.IsEmptyObject(json))
                {
                    JsonSettingsFlattener.Flatten(json, DictionaryKeys, values);
                    AddUnknownKeys(path, values, problems);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                values.Clear();
                // The file may have said "enabled": false or pointed at another backend: guessing is worse than staying off.
                problems.Add(new ConfigurationProblem(path, string.Empty, $"the configuration file cannot be read ({ex.Message})",
                    "the agent stays off until the file is fixed or removed")
                { DisablesAgent = true });
            }
        }

        return new SettingsReader(environment, values, problems) { FilePath = path };
    }

    private static HashSet<string> KeysOfAllSettings()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in AgentSettings.All)
        {
            keys.Add(setting.Key);
        }

        return keys;
    }

    // Plain loops: run at every start, over a file that usually holds only known keys, where the LINQ version's first
    // use cost ~0.5 ms of CPU on the agent's start thread (2026-11-25).
    private static void AddUnknownKeys(string path, Dictionary<string, string> values, List<ConfigurationProblem> problems)
    {
        List<string>? unknown = null;
        foreach (var key in values.Keys)
        {
            if (!KnownKeys.Contains(key))
            {
                (unknown ??= []).Add(key);
            }
        }

        if (unknown is null)
        {
            return;
        }

        unknown.Sort(StringComparer.Ordinal);
        foreach (var key in unknown)
        {
            problems.Add(new ConfigurationProblem(path + ": " + key, Shorten(values[key]), "no such setting", "it is ignored (see docs/configuration.md)"));
        }
    }

    /// <summary>The setting's value: from the first environment variable set, else the file, else the default.</summary>
    public T Get<T>(Setting<T> setting)
    {
        foreach (var variable in setting.EnvironmentVariables)
        {
            var text = _environment(variable);
            if (!string.IsNullOrWhiteSpace(text))
            {
                return Parse(setting, text, variable);
            }
        }

        return _file.TryGetValue(setting.Key, out var fromFile) ? Parse(setting, fromFile, $"{FilePath}: {setting.Key}") : setting.Default;
    }

    /// <summary>Records a problem found while combining settings (for example two that contradict each other).</summary>
    public void Report(ConfigurationProblem problem) => _problems.Add(problem);

    private T Parse<T>(Setting<T> setting, string text, string source)
    {
        try
        {
            return setting.Parse(text);
        }
        catch (FormatException ex)
        {
            _problems.Add(new ConfigurationProblem(source, Shorten(text), ex.Message, $"using the default {setting.DefaultText}"));
            return setting.Default;
        }
    }

    private static string Shorten(string text) => text.Length <= MaxShownValue ? text : text[..MaxShownValue] + "…";
}
