namespace Sightline.Plugins.Toolkit;

/// <summary>Names in the Sightline.Toolkit package (plugins never reference the libraries they instrument).</summary>
internal static class ToolkitNames
{
    public const string Assembly = "Sightline.Toolkit";
    public const string ActiveSpan = "Sightline.Toolkit.ActiveSpan";
    public const string LocalSpan = "Sightline.Toolkit.LocalSpan";
    public const string TraceAttribute = "Sightline.Toolkit.TraceAttribute";
    public const string SpanTagAttribute = "Sightline.Toolkit.SpanTagAttribute";
    public const string Component = "toolkit";
}
