namespace Sightline.Launcher.Plugins;

/// <summary>What one plugin would do in an app: the methods it would intercept, or why it would not activate.</summary>
/// <param name="PluginId">The plugin's id.</param>
/// <param name="Activates">True when at least one method would be intercepted.</param>
/// <param name="Summary">One sentence: where it activates and how much, or the reason it does not.</param>
/// <param name="Methods">The methods that would be intercepted, as "instrumentation: Type.Method(parameters)".</param>
/// <param name="Notes">Further decisions (an instrumentation whose rule matched nothing, an abstract method skipped).</param>
internal sealed record ActivationVerdict(string PluginId, bool Activates, string Summary, IReadOnlyList<string> Methods, IReadOnlyList<string> Notes);
