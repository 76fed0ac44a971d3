using System.Reflection;

namespace Sightline.Patching;

/// <summary>
/// One patch: a target method and the static handler methods to run around it. Handler parameters are bound by
/// convention: <c>__instance</c>, an original argument by name or as <c>__0</c>, <c>__1</c>… (<c>ref</c> to change it),
/// <c>__result</c> (<c>ref</c> to replace it), <c>__state</c> (one value per call shared by the prefix and the postfix of
/// this patch), <c>__exception</c>, <c>__originalMethod</c> and <c>__runOriginal</c>.
/// </summary>
public sealed class PatchRequest
{
    /// <summary>Creates a request for <paramref name="target"/> owned by <paramref name="ownerId"/>.</summary>
    /// <param name="target">The method or constructor to intercept.</param>
    /// <param name="ownerId">Who asks (a plugin id); <see cref="PatchEngine.RemoveAll"/> removes by it.</param>
    public PatchRequest(MethodBase target, string ownerId)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
        Target = target;
        OwnerId = ownerId;
    }

    /// <summary>The method or constructor to intercept.</summary>
    public MethodBase Target { get; }

    /// <summary>Who asked for the patch.</summary>
    public string OwnerId { get; }

    /// <summary>
    /// Runs before the original. Returning <c>false</c> (or setting <c>ref bool __runOriginal</c> to false) skips
    /// the original; the caller then sees <c>__result</c> as the prefix left it.
    /// </summary>
    public MethodInfo? Prefix { get; init; }

    /// <summary>Runs after the original returned normally; may read and replace <c>__result</c>.</summary>
    public MethodInfo? Postfix { get; init; }

    /// <summary>
    /// Runs after everything else, also when the original (or a handler) threw. <c>__exception</c> is the exception
    /// or null; returning an <see cref="Exception"/> replaces it and returning null suppresses it.
    /// </summary>
    public MethodInfo? Finalizer { get; init; }

    /// <summary>Several patches on one method run by descending priority, then in the order they were applied.</summary>
    public int Priority { get; init; }

    /// <summary>
    /// When set, each handler call of this patch is wrapped: an exception thrown by a handler is passed here
    /// (with the handler that threw) and the call continues exactly as without the patch.
    /// </summary>
    public Action<MethodInfo, Exception>? OnHandlerException { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Target.DeclaringType?.FullName}.{Target.Name} by {OwnerId}";
}
