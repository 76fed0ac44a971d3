namespace Sightline.Launcher.Inspection;

/// <summary>
/// Looks at what <c>run</c> is about to start, when it can tell: <c>dotnet app.dll</c>, an app host, a single-file
/// bundle or a Native AOT executable. Anything else (<c>dotnet run</c>, a script, a native program) is started as is.
/// </summary>
internal static class TargetInspector
{
    // dotnet exec's host options that take a value, skipped to reach the app's path.
    private static readonly HashSet<string> HostOptionsWithValue =
        ["--runtimeconfig", "--depsfile", "--additionalprobingpath", "--additional-deps", "--fx-version", "--roll-forward", "--runtime"];

    /// <summary>Returns why the agent cannot attach to the target, or null when it can (or the launcher cannot tell).</summary>
    public static AttachProblem? Inspect(string executable, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var name = Path.GetFileName(executable);
        if (name is "dotnet" or "dotnet.exe")
        {
            return InspectDotnetHost(arguments, workingDirectory);
        }

        if (ElfFile.TryRead(executable) is not { } elf)
        {
            return null;
        }

        if (File.Exists(executable + ".dll"))
        {
            // An app host: the managed app and its runtimeconfig.json sit beside it.
            return CheckRuntimeConfig(executable, executable + ".runtimeconfig.json");
        }

        if (SingleFileBundle.TryRead(elf, out var embedded))
        {
            return embedded is not null && RuntimeConfig.TryParse(embedded) is { StartupHookSupport: false }
                ? new AttachProblem(AttachProblemKind.StartupHooksDisabled, executable, "the runtimeconfig.json bundled inside it")
                : null;
        }

        return elf.NativeAotMarker() is { } marker ? new AttachProblem(AttachProblemKind.NativeAot, executable, marker) : null;
    }

    private static AttachProblem? InspectDotnetHost(IReadOnlyList<string> arguments, string workingDirectory)
    {
        var i = 0;
        string? runtimeConfig = null;
        if (arguments.Count > 0 && arguments[0] == "exec")
        {
            i = 1;
            while (i < arguments.Count && HostOptionsWithValue.Contains(arguments[i]))
            {
                if (arguments[i] == "--runtimeconfig" && i + 1 < arguments.Count)
                {
                    runtimeConfig = Path.GetFullPath(arguments[i + 1], workingDirectory);
                }

                i += 2;
            }
        }

        // `dotnet run`, `dotnet test` and other SDK commands: the app is only known once the SDK builds it.
        if (i >= arguments.Count || !arguments[i].EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var app = Path.GetFullPath(arguments[i], workingDirectory);
        return CheckRuntimeConfig(app, runtimeConfig ?? Path.ChangeExtension(app, ".runtimeconfig.json"));
    }

    private static AttachProblem? CheckRuntimeConfig(string app, string runtimeConfigFile) =>
        RuntimeConfig.TryRead(runtimeConfigFile) is { StartupHookSupport: false }
            ? new AttachProblem(AttachProblemKind.StartupHooksDisabled, app, runtimeConfigFile)
            : null;
}
