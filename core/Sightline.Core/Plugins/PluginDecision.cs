namespace Sightline.Core.Plugins;

/// <summary>One recorded decision of the plugin engine, listed by the launcher and in the agent log.</summary>
/// <param name="PluginId">The plugin's id, or the assembly file for a load failure.</param>
/// <param name="Instrumentation">The instrumentation's name, when the decision concerns one.</param>
/// <param name="Target">The assembly, type or method the decision is about.</param>
/// <param name="Outcome">What was decided.</param>
/// <param name="Reason">Why, in words a user can act on.</param>
public sealed record PluginDecision(string PluginId, string? Instrumentation, string Target, PluginOutcome Outcome, string Reason)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Outcome,-20} {PluginId}{(Instrumentation is null ? string.Empty : "/" + Instrumentation)} {Target}: {Reason}";
}
