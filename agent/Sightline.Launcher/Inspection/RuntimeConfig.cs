using System.Text.Json;

namespace Sightline.Launcher.Inspection;

/// <summary>The parts of an app's <c>*.runtimeconfig.json</c> the launcher reads.</summary>
/// <param name="Frameworks">The shared frameworks the app runs on (name, version); empty for a self-contained app.</param>
/// <param name="StartupHookSupport">
/// The start-up hook switch, or null when the file does not set it. MSBuild's <c>StartupHookSupport</c> property is
/// written as <c>System.StartupHookProvider.IsSupported</c> (checked against a real trimmed publish); the shorter
/// <c>System.StartupHookSupport</c> spelling is read too.
/// </param>
internal sealed record RuntimeConfig(IReadOnlyList<(string Name, string Version)> Frameworks, bool? StartupHookSupport)
{
    public const string SwitchName = "System.StartupHookProvider.IsSupported";

    private static readonly string[] SwitchNames = [SwitchName, "System.StartupHookSupport"];

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads a runtimeconfig.json file; null when it does not exist or is not valid JSON.</summary>
    public static RuntimeConfig? TryRead(string file) => File.Exists(file) ? TryParse(File.ReadAllText(file)) : null;

    public static RuntimeConfig? TryParse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            if (!document.RootElement.TryGetProperty("runtimeOptions", out var options) || options.ValueKind != JsonValueKind.Object)
            {
                return new RuntimeConfig([], null);
            }

            var frameworks = new List<(string, string)>();
            if (options.TryGetProperty("framework", out var single))
            {
                AddFramework(frameworks, single);
            }

            if (options.TryGetProperty("frameworks", out var many) && many.ValueKind == JsonValueKind.Array)
            {
                foreach (var framework in many.EnumerateArray())
                {
                    AddFramework(frameworks, framework);
                }
            }

            bool? hooks = null;
            if (options.TryGetProperty("configProperties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in SwitchNames)
                {
                    if (properties.TryGetProperty(name, out var value))
                    {
                        hooks ??= value.ValueKind switch
                        {
                            JsonValueKind.True => true,
                            JsonValueKind.False => false,
                            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
                            _ => null,
                        };
                    }
                }
            }

            return new RuntimeConfig(frameworks, hooks);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void AddFramework(List<(string, string)> frameworks, JsonElement framework)
    {
        if (framework.ValueKind == JsonValueKind.Object
            && framework.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            && framework.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String)
        {
            frameworks.Add((name.GetString()!, version.GetString()!));
        }
    }
}
