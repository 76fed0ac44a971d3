using Sightline.Spi.Plugins.Matching;

namespace Sightline.Spi.Plugins;

/// <summary>
/// A method that must exist in the target assembly for the plugin to apply: the declaring type's full name
/// and a matcher for the method. Use it to tell apart library versions whose signatures differ.
/// </summary>
/// <param name="TypeName">The full name of the declaring type.</param>
/// <param name="Method">The matcher one of the type's declared methods must satisfy.</param>
public sealed record MethodWitness(string TypeName, MethodMatch Method);
