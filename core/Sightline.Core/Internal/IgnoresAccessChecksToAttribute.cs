namespace System.Runtime.CompilerServices;

/// <summary>
/// Lets generated glue call non-public interceptor methods of a plugin assembly. The BCL does not ship this type;
/// the runtime recognises it by name on the assembly that carries it.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    public string AssemblyName { get; } = assemblyName;
}
