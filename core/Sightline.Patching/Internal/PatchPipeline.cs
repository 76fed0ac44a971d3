using System.Reflection;
using System.Reflection.Emit;
using Sightline.Patching.Internal.Replacement;

namespace Sightline.Patching.Internal;

/// <summary>The ordered steps of putting a target under a set of patches, and nothing else.</summary>
internal static class PatchPipeline
{
    /// <summary>Returns null when <paramref name="patches"/> now run on the target, otherwise why nothing changed.</summary>
    public static string? Install(IPatchBackend backend, MethodBase target, IReadOnlyList<PatchRequest> patches)
    {
        // 1. Can this process and this target be patched at all?
        var refusal = backend.UnsupportedReason ?? TargetRules.Check(target) ?? backend.CheckTarget(target);
        if (refusal is not null)
        {
            return refusal;
        }

        // 2. Build the replacement: handlers around a copy of the original body.
        DynamicMethod replacement;
        Func<string> listing;
        try
        {
            replacement = ReplacementBuilder.Build(target, OriginalMethodTable.IdOf(target), patches, out listing);
        }
        catch (NotSupportedException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or BadImageFormatException or TypeLoadException)
        {
            return $"the replacement could not be built: {e.Message}";
        }

        // 3. Redirect every compiled version of the target to it.
        try
        {
            return backend.Redirect(target, replacement);
        }
        catch (InvalidProgramException e)
        {
            throw new PatchingException($"the replacement for {target.DeclaringType}.{target.Name} is invalid IL", e, listing());
        }
    }
}
