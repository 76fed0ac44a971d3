using System.Reflection;

namespace Sightline.Agent.Loading;

/// <summary>
/// Runs in the application's own load context, so it touches nothing but the base class library: it decides
/// whether the agent may start here, then loads the agent's real start-up code into <see cref="AgentLoadContext"/>,
/// where the agent's dependencies cannot clash with the application's.
/// </summary>
internal static class AgentBootstrap
{
    /// <summary>
    /// The assembly started inside the private load context. Not this one: loaded a second time, into another
    /// context, an assembly runs without its ReadyToRun code.
    /// </summary>
    internal const string RuntimeAssemblyFile = "Sightline.Agent.Runtime.dll";

    /// <summary>The type started inside the private load context.</summary>
    internal const string RuntimeTypeName = "Sightline.Agent.Runtime.AgentRuntime";

    private static int _started;

    /// <summary>The agent's private load context once started, else null.</summary>
    internal static AgentLoadContext? Context { get; private set; }

    /// <summary>Starts the agent unless switched off or unsupported; any failure leaves the application untouched.</summary>
    public static void Start(Func<string, string?> environment, TextWriter errors)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        try
        {
            if (IsSwitchedOff(environment("SIGHTLINE_ENABLED")))
            {
                return;
            }

            var entry = Assembly.GetEntryAssembly();
            if (HostProcess.IsDotnetTooling(entry?.Location))
            {
                // dotnet run passes the variable to the SDK, MSBuild and the compiler server too; only the app is traced.
                return;
            }

            if (RuntimeSupport.Check(Environment.Version, System.Runtime.InteropServices.RuntimeInformation.OSArchitecture, OperatingSystem.IsLinux()) is { } reason)
            {
                errors.WriteLine($"Sightline: the agent is off: {reason}. The application runs untraced.");
                return;
            }

            var self = typeof(AgentBootstrap).Assembly.Location;
            var home = Path.GetDirectoryName(self) ?? AppContext.BaseDirectory;
            Context = new AgentLoadContext(home);
            var runtime = Context.LoadFromAssemblyPath(Path.Combine(home, RuntimeAssemblyFile)).GetType(RuntimeTypeName, throwOnError: true)!;
            var start = runtime.GetMethod("Start", BindingFlags.Public | BindingFlags.Static)
                ?? throw new MissingMethodException(RuntimeTypeName, "Start");
            start.Invoke(null, [home, environment, errors]);
        }
        catch (Exception ex)
        {
            var inner = ex is TargetInvocationException { InnerException: { } cause } ? cause : ex;
            errors.WriteLine($"Sightline: the agent could not start and is off ({inner.GetType().Name}: {inner.Message}). The application runs untraced.");
        }
    }

    private static bool IsSwitchedOff(string? value) =>
        value is not null && (value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) || value.Trim() == "0");
}
