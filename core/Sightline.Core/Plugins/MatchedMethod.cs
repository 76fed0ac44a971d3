using System.Reflection;
using Sightline.Spi.Plugins;

namespace Sightline.Core.Plugins;

/// <summary>A method one intercept point of one plugin selected, ready to be handed to the patch engine.</summary>
public sealed record MatchedMethod(SightlinePlugin Plugin, Instrumentation Instrumentation, InterceptPoint Point, MethodBase Method)
{
    /// <summary>The method as decisions name it.</summary>
    public string Describe() => $"{Method.DeclaringType?.FullName}.{Method.Name}({string.Join(", ", Method.GetParameters().Select(p => p.ParameterType.Name))})";
}
