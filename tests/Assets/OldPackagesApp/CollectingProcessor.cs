using System.Diagnostics;
using OpenTelemetry;

namespace Sightline.Tests.OldPackagesApp;

/// <summary>Keeps the activities the app's own OpenTelemetry 1.9 pipeline ends.</summary>
public sealed class CollectingProcessor(List<Activity> ended) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data) => ended.Add(data);
}
