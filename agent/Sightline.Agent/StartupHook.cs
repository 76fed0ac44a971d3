using Sightline.Agent.Loading;

/// <summary>
/// The entry point the runtime calls before the application's <c>Main</c> when <c>DOTNET_STARTUP_HOOKS</c> names this
/// assembly. The runtime finds it by this exact name, outside any namespace.
/// </summary>
internal static class StartupHook
{
    /// <summary>Starts the agent; never throws, whatever happens the application starts.</summary>
    public static void Initialize() => AgentBootstrap.Start(Environment.GetEnvironmentVariable, new DeferredStandardError());
}
