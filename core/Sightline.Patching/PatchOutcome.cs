namespace Sightline.Patching;

/// <summary>What the engine did with one <see cref="PatchRequest"/>.</summary>
public enum PatchOutcome
{
    /// <summary>The target now runs the replacement holding the request's handlers.</summary>
    Applied,

    /// <summary>The target was left untouched; <see cref="PatchDecision.Reason"/> says why.</summary>
    Refused,
}
