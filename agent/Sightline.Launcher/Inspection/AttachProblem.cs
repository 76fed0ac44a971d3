namespace Sightline.Launcher.Inspection;

/// <summary>Why the agent cannot attach to an app, with what to do instead.</summary>
/// <param name="Kind">Native AOT, or start-up hooks switched off.</param>
/// <param name="Target">The app file the verdict is about.</param>
/// <param name="Evidence">The file or marker the verdict rests on.</param>
internal sealed record AttachProblem(AttachProblemKind Kind, string Target, string Evidence)
{
    public string Explain() => Kind switch
    {
        AttachProblemKind.NativeAot =>
            $"{Target} is a Native AOT app ({Evidence}). It is compiled to machine code ahead of time and carries no .NET "
            + "runtime that could load the agent: start-up hooks (DOTNET_STARTUP_HOOKS) never run in it, so Sightline cannot "
            + "trace it. To trace it, publish it without Native AOT (remove <PublishAot>true</PublishAot>, or "
            + "'dotnet publish -p:PublishAot=false') and run that build with 'sightline run'.",
        _ =>
            $"{Target} has start-up hooks switched off: {Evidence} sets {RuntimeConfig.SwitchName} to false (trimmed "
            + "apps, PublishTrimmed, set it by default), so the runtime ignores DOTNET_STARTUP_HOOKS and the agent would never start. "
            + "Publish it without trimming, or add <StartupHookSupport>true</StartupHookSupport> to its project file and publish "
            + "again (a trimmed build removes the start-up hook code, so editing the runtimeconfig.json of a trimmed app is not "
            + $"enough; for an untrimmed app, setting \"{RuntimeConfig.SwitchName}\": true there is).",
    };
}
