using System.Reflection.Emit;

namespace Sightline.Core.Interception;

/// <summary>The named parameters of one glue method under construction, in the patch engine's naming.</summary>
internal sealed class GlueParameters
{
    private readonly List<(string Name, Type Type)> _list = [];

    public Type[] Types => _list.Select(p => p.Type).ToArray();

    /// <summary>Adds a parameter once; a second request for the same name must agree on its type.</summary>
    public void Add(string name, Type type)
    {
        var existing = _list.FindIndex(p => p.Name == name);
        if (existing < 0)
        {
            _list.Add((name, type));
        }
        else if (_list[existing].Type != type)
        {
            throw new InterceptorBindingException($"'{name}' is asked for as both {_list[existing].Type.Name} and {type.Name}");
        }
    }

    public short IndexOf(string name)
    {
        var index = _list.FindIndex(p => p.Name == name);
        return index >= 0 ? (short)index : throw new InvalidOperationException($"glue parameter {name} was not declared");
    }

    public bool Has(string name) => _list.Exists(p => p.Name == name);

    public MethodBuilder Define(TypeBuilder type, string name, Type returnType)
    {
        var method = type.DefineMethod(name, System.Reflection.MethodAttributes.Public | System.Reflection.MethodAttributes.Static, returnType, Types);
        for (var i = 0; i < _list.Count; i++)
        {
            method.DefineParameter(i + 1, System.Reflection.ParameterAttributes.None, _list[i].Name);
        }

        return method;
    }
}
