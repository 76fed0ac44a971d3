using System.Reflection;
using System.Runtime.InteropServices;
using Mono.Cecil;
using Sightline.Launcher.Plugins;

namespace Sightline.Launcher.Tests.Plugins;

/// <summary>The Cecil views name types and methods as the agent's reflection views do, so rules match the same way.</summary>
public sealed class CecilTypeViewTests : IDisposable
{
    private readonly AppAssemblies _assemblies = new(AppContext.BaseDirectory, [RuntimeEnvironment.GetRuntimeDirectory()]);

    [Fact]
    public void Nested_generic_types_are_named_with_plus_and_arity_and_see_inherited_interfaces()
    {
        var view = new CecilTypeView(Definition(typeof(CecilViewSamples.Inner<>)));

        Assert.Equal("Sightline.Launcher.Tests.Plugins.CecilViewSamples+Inner`1", view.FullName);
        Assert.Equal("System.Collections.Generic.List`1", view.BaseType?.FullName);
        Assert.Equal(Reflected(typeof(CecilViewSamples.Inner<>).GetInterfaces()), view.InterfaceNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parameters_are_spelled_with_byref_arrays_generic_definitions_and_generic_parameters()
    {
        var take = new CecilTypeView(Definition(typeof(CecilViewSamples.Inner<>))).DeclaredMethods.Single(m => m.Name == "Take");

        Assert.Equal(["System.Int32&", "System.String[]", "System.Collections.Generic.List`1", "System.Int64&", "T"], take.ParameterTypeNames);
        Assert.Equal("System.Void", take.ReturnTypeName);
        Assert.Equal("Sightline.Launcher.Tests.Plugins.CecilViewSamples+Inner`1.Take(System.Int32&, System.String[], System.Collections.Generic.List`1, System.Int64&, T)", take.ToString());
    }

    [Fact]
    public void Declared_methods_list_constructors_first_and_inherited_ones_only_when_asked_without_overridden_duplicates()
    {
        var declared = new CecilTypeView(Definition(typeof(CecilViewSamples.Derived))).DeclaredMethods;
        var withInherited = new CecilTypeView(Definition(typeof(CecilViewSamples.Derived)), includeInherited: true).DeclaredMethods;

        Assert.Equal([".ctor", "Describe"], declared.Select(m => m.Name));
        Assert.True(declared[0].IsConstructor);
        Assert.Equal([(".ctor", false), ("Describe", false), ("Shared", true)], withInherited.Select(m => (m.Name, m.IsInherited)));
    }

    public void Dispose() => _assemblies.Dispose();

    private static string[] Reflected(Type[] types) =>
        types.Select(t => t.IsConstructedGenericType ? t.GetGenericTypeDefinition().FullName! : t.FullName!).Order(StringComparer.Ordinal).ToArray();

    private TypeDefinition Definition(Type type)
    {
        var assembly = _assemblies.Find(type.Assembly.GetName().Name!)!;
        return assembly.MainModule.GetType(type.FullName!.Replace('+', '/'));
    }
}
