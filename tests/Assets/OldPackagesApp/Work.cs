using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Sightline.Tests.OldPackagesApp;

/// <summary>The app's own traced work: the agent's plugin wraps <see cref="Run"/>, the app's OpenTelemetry records its activity.</summary>
public static class Work
{
    public const string SourceName = "OldPackagesApp";

    private static readonly ActivitySource Source = new(SourceName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Run()
    {
        using var activity = Source.StartActivity("old-app-work");
        activity?.SetTag("work", "done");
    }
}
