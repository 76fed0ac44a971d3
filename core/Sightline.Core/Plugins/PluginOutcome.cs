namespace Sightline.Core.Plugins;

/// <summary>What the plugin engine decided for one plugin, instrumentation or method.</summary>
public enum PluginOutcome
{
    /// <summary>The method was matched and put under interception.</summary>
    Applied,

    /// <summary>The plugin is switched off by configuration.</summary>
    Disabled,

    /// <summary>The target assembly's version lies outside the plugin's range.</summary>
    VersionOutOfRange,

    /// <summary>A witness type does not exist.</summary>
    WitnessTypeMissing,

    /// <summary>A witness method does not exist.</summary>
    WitnessMethodMissing,

    /// <summary>A matched method cannot be intercepted as declared (abstract, wrong interceptor shape, unbindable parameter).</summary>
    BindingFailed,

    /// <summary>The patch engine refused the method; the reason says why.</summary>
    RefusedByPatchEngine,

    /// <summary>The plugin kept failing at run time and was switched off.</summary>
    SwitchedOff,

    /// <summary>A plugin assembly or plugin type could not be loaded or created.</summary>
    LoadFailed,

    /// <summary>Evaluating a rule threw; the type was treated as not matching.</summary>
    MatchFailed,
}
