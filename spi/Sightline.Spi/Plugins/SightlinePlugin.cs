namespace Sightline.Spi.Plugins;

/// <summary>
/// The entry point of a plugin assembly: its id, the library and versions it supports, its witnesses and
/// its instrumentations. The agent finds every non-abstract subclass with a public parameterless
/// constructor in the assemblies of its plugins folder. Name subclasses <c>&lt;Library&gt;Plugin</c>.
/// </summary>
/// <remarks>
/// Witnesses are checked before anything is patched: when the target assembly's version is out of range, or
/// a witness type or method is missing, the plugin is skipped for that assembly and the decision records which
/// check failed. A plugin can be switched off by configuration with its <see cref="Id"/>.
/// </remarks>
public abstract class SightlinePlugin
{
    /// <summary>The plugin's id, lower-case with dashes, for example <c>sqlite</c> or <c>aspnetcore</c>.</summary>
    public abstract string Id { get; }

    /// <summary>The library the plugin instruments and its supported versions; null to apply to any assembly.</summary>
    public virtual AssemblyWitness? TargetAssembly => null;

    /// <summary>Full names of types that must exist in the target assembly.</summary>
    public virtual IEnumerable<string> WitnessTypes => [];

    /// <summary>Methods that must exist in the target assembly.</summary>
    public virtual IEnumerable<MethodWitness> WitnessMethods => [];

    /// <summary>The instrumentations the plugin applies.</summary>
    public abstract IEnumerable<Instrumentation> Instrumentations { get; }

    /// <summary>True when the plugin is on unless configuration turns it off; false for opt-in plugins.</summary>
    public virtual bool EnabledByDefault => true;

    /// <summary>
    /// When set, the plugin is evaluated only against assemblies that reference the assembly of this name (and never
    /// scans the others): an app's own code that uses a toolkit, say. Use it with scanning rules such as
    /// <see cref="Matching.ClassMatch.HasMethodWithAttribute"/>, which would otherwise read every type of every
    /// assembly, the framework's included.
    /// </summary>
    public virtual string? RequiredReference => null;
}
