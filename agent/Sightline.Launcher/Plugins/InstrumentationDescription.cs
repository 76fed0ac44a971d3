using Sightline.Spi.Plugins;

namespace Sightline.Launcher.Plugins;

/// <summary>One instrumentation's class rule and intercept points, as their own ToString spells them.</summary>
internal sealed record InstrumentationDescription(string Name, string Types, IReadOnlyList<string> InterceptPoints, IReadOnlyList<string> Witnesses)
{
    public static InstrumentationDescription Of(Instrumentation instrumentation) => new(
        instrumentation.Name,
        instrumentation.Types.ToString() ?? "?",
        instrumentation.InterceptPoints.Select(p =>
            $"{Kind(p.Kind)} {p.Methods}{(p.IncludeInherited ? " (inherited too)" : string.Empty)} -> {p.Interceptor.FullName}").ToList(),
        instrumentation.WitnessTypes.Select(t => "type " + t)
            .Concat(instrumentation.WitnessMethods.Select(m => $"method {m.TypeName} {m.Method}"))
            .ToList());

    private static string Kind(InterceptPointKind kind) => kind switch
    {
        InterceptPointKind.Constructor => "constructors",
        InterceptPointKind.StaticMethod => "static methods",
        _ => "instance methods",
    };
}
