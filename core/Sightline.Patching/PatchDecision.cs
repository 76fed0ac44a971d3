using System.Reflection;

namespace Sightline.Patching;

/// <summary>The engine's answer to one <see cref="PatchRequest"/>: applied, or refused with a reason.</summary>
public sealed class PatchDecision
{
    private PatchDecision(PatchRequest request, PatchOutcome outcome, string reason)
    {
        Request = request;
        Outcome = outcome;
        Reason = reason;
    }

    /// <summary>The request this decision answers.</summary>
    public PatchRequest Request { get; }

    /// <summary>The method the request targets.</summary>
    public MethodBase Target => Request.Target;

    /// <summary>Whether the patch is in effect.</summary>
    public PatchOutcome Outcome { get; }

    /// <summary>Why the patch was refused, or a short note on how it was applied.</summary>
    public string Reason { get; }

    /// <summary>True when <see cref="Outcome"/> is <see cref="PatchOutcome.Applied"/>.</summary>
    public bool IsApplied => Outcome == PatchOutcome.Applied;

    /// <summary>Creates an applied decision.</summary>
    /// <param name="request">The request that was applied.</param>
    /// <param name="note">How it was applied (for the decision list).</param>
    public static PatchDecision Applied(PatchRequest request, string note) => new(request, PatchOutcome.Applied, note);

    /// <summary>Creates a refused decision.</summary>
    /// <param name="request">The request that was refused.</param>
    /// <param name="reason">Why, in words an operator understands.</param>
    public static PatchDecision Refused(PatchRequest request, string reason) => new(request, PatchOutcome.Refused, reason);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Outcome} {Target.DeclaringType?.FullName}.{Target.Name} ({Request.OwnerId}): {Reason}";
}
