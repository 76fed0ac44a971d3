namespace Sightline.Launcher.Inspection;

/// <summary>The kinds of app the agent cannot attach to.</summary>
internal enum AttachProblemKind
{
    /// <summary>A Native AOT executable: no runtime, no start-up hooks.</summary>
    NativeAot,

    /// <summary>An app whose runtime configuration switches start-up hooks off (trimmed apps by default).</summary>
    StartupHooksDisabled,
}
