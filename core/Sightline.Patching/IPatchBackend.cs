using System.Reflection;

namespace Sightline.Patching;

/// <summary>
/// The seam below the engine: makes every call of a target run a replacement method. The engine builds the
/// replacement; a backend only redirects. The built-in backend writes native jumps and hooks the JIT.
/// </summary>
public interface IPatchBackend
{
    /// <summary>A short name for the decision list.</summary>
    string Name { get; }

    /// <summary>Null when the backend can work in this process, otherwise why it cannot.</summary>
    string? UnsupportedReason { get; }

    /// <summary>Null when <paramref name="target"/> can be redirected, otherwise why not.</summary>
    /// <param name="target">The method to check.</param>
    string? CheckTarget(MethodBase target);

    /// <summary>Makes every current and future compiled version of <paramref name="target"/> run <paramref name="replacement"/>.</summary>
    /// <param name="target">The original method.</param>
    /// <param name="replacement">A static method with the target's signature (instance first, for instance methods).</param>
    /// <returns>Null on success, otherwise why the redirect was not made (nothing was changed then).</returns>
    string? Redirect(MethodBase target, MethodInfo replacement);
}
