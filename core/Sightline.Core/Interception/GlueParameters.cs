using System.Reflection.Emit;

namespace Sightline.Core.Interception;

/// <summary>The named parameters of one glue method under construction, in the patch engine's naming.</summary>
internal sealed class GlueParameters
{
    // Two lists rather than one of (name, type) tuples: a List of a struct is framework code JIT-compiled at start-up
    // (ReadyToRun cannot hold it); lists of references share code that is precompiled.
    private readonly List<string> _names = [];
    private readonly List<Type> _types = [];

    public Type[] Types => _types.ToArray();

    /// <summary>Adds a parameter once; a second request for the same name must agree on its type.</summary>
    public void Add(string name, Type type)
    {
        var existing = _names.IndexOf(name);
        if (existing < 0)
        {
            _names.Add(name);
            _types.Add(type);
        }
        else if (_types[existing] != type)
        {
            throw new InterceptorBindingException($"'{name}' is asked for as both {_types[existing].Name} and {type.Name}");
        }
    }

    public short IndexOf(string name)
    {
        var index = _names.IndexOf(name);
        return index >= 0 ? (short)index : throw new InvalidOperationException($"glue parameter {name} was not declared");
    }

    public bool Has(string name) => _names.Contains(name);

    public MethodBuilder Define(TypeBuilder type, string name, Type returnType)
    {
        var method = type.DefineMethod(name, System.Reflection.MethodAttributes.Public | System.Reflection.MethodAttributes.Static, returnType, Types);
        for (var i = 0; i < _names.Count; i++)
        {
            method.DefineParameter(i + 1, System.Reflection.ParameterAttributes.None, _names[i]);
        }

        return method;
    }
}
