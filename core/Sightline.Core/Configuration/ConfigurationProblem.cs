namespace Sightline.Core.Configuration;

/// <summary>A setting that could not be used, and what the agent did instead; logged once, in one line.</summary>
/// <param name="Setting">The environment variable or JSON key at fault, or the file.</param>
/// <param name="Value">The value as given, cut short if long.</param>
/// <param name="Problem">What is wrong with it.</param>
/// <param name="Consequence">What the agent does instead.</param>
public sealed record ConfigurationProblem(string Setting, string Value, string Problem, string Consequence)
{
    /// <summary>True when the agent cannot know what the user wants and stays off (an unreadable file).</summary>
    public bool DisablesAgent { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Setting}='{Value}' is invalid: {Problem}; {Consequence}.";
}
