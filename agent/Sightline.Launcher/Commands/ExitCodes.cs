namespace Sightline.Launcher.Commands;

/// <summary>The launcher's own exit codes; after <c>run</c> starts the app, the app's exit code is returned instead.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    public const int Failure = 1;

    public const int Usage = 2;

    /// <summary>The app cannot have the agent attached (Native AOT, start-up hooks switched off).</summary>
    public const int NotAttachable = 3;

    /// <summary>As shells report a command they cannot find.</summary>
    public const int CommandNotFound = 127;
}
