namespace Sightline.LoadTest.Measuring;

/// <summary>The GC probe every measured storefront carries (the startup hook of <c>Sightline.LoadTest.GcProbe</c>).</summary>
public static class GcProbe
{
    /// <summary>The variable that tells the probe where to write.</summary>
    public const string FileVariable = StartupHook.FileVariable;

    /// <summary>The hook assembly, built and copied beside the load test as its project reference.</summary>
    public static string HookPath => typeof(StartupHook).Assembly.Location;
}
