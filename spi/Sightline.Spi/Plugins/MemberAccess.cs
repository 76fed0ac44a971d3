using System.Reflection;
using System.Reflection.Emit;

namespace Sightline.Spi.Plugins;

/// <summary>
/// Readers of members of types a plugin cannot reference (it compiles against Sightline.Spi only), for example the
/// <c>HttpContext</c> an interceptor receives as <see cref="object"/>. Each is a small dynamic method: build it once
/// per run-time type, then it costs what a direct call costs.
/// </summary>
/// <remarks>
/// They are emitted directly rather than compiled from expression trees: System.Linq.Expressions' compiler costs
/// milliseconds at its first use, which would fall on the application's first request. Members may be public or not.
/// </remarks>
public static class MemberAccess
{
    private const BindingFlags Instance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    /// <summary>
    /// A getter for a chain of instance properties or fields, such as <c>Request.Path.Value</c>, read from an object of
    /// <paramref name="root"/> (or of a type derived from it). A null met on the way gives <c>default(T)</c>.
    /// </summary>
    /// <typeparam name="T">What the getter returns: the last member's value, boxed or cast to it where needed.</typeparam>
    /// <param name="root">The type the chain starts at.</param>
    /// <param name="path">Member names separated by dots.</param>
    /// <returns>The getter; it throws <see cref="InvalidCastException"/> for an object that is not a <paramref name="root"/>.</returns>
    /// <exception cref="MissingMemberException">A member of the chain does not exist.</exception>
    /// <exception cref="InvalidCastException">The last member's type cannot be converted to <typeparamref name="T"/>.</exception>
    public static Func<object, T> Getter<T>(Type root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var method = NewMethod(typeof(T), [typeof(object)], root, path);
        var il = method.GetILGenerator();
        var whenNull = il.DefineLabel();
        var value = EmitChain(il, root, path, whenNull);
        EmitConvert(il, value, typeof(T));
        il.Emit(OpCodes.Ret);
        EmitDefaultReturn(il, whenNull, typeof(T));
        return method.CreateDelegate<Func<object, T>>();
    }

    /// <summary>
    /// A getter for the one-argument indexer of the object at the end of <paramref name="path"/>, its value as text
    /// (<see cref="object.ToString"/>); for example <c>Request.Headers[name]</c>. A null met on the way gives null.
    /// </summary>
    /// <typeparam name="TKey">The indexer's parameter type.</typeparam>
    /// <param name="root">The type the chain starts at.</param>
    /// <param name="path">Member names separated by dots, ending at the indexed object.</param>
    /// <param name="indexedType">
    /// The full name the last member's declared type must have (for example <c>Microsoft.AspNetCore.Http.IHeaderDictionary</c>),
    /// so that a framework that changed its layout is refused here rather than misread.
    /// </param>
    /// <returns>The getter.</returns>
    /// <exception cref="MissingMemberException">A member of the chain or the indexer does not exist, or the indexed type differs.</exception>
    public static Func<object, TKey, string?> IndexedText<TKey>(Type root, string path, string indexedType)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var method = NewMethod(typeof(string), [typeof(object), typeof(TKey)], root, path);
        var il = method.GetILGenerator();
        var whenNull = il.DefineLabel();
        var indexed = EmitChain(il, root, path, whenNull);
        if (indexed.FullName != indexedType)
        {
            throw new MissingMemberException($"{root.FullName}.{path} is a {indexed.FullName}, not a {indexedType}");
        }

        var indexer = indexed.GetProperty("Item", Instance, null, null, [typeof(TKey)], null)?.GetGetMethod(nonPublic: true)
            ?? throw new MissingMemberException(indexed.FullName, $"Item[{typeof(TKey).Name}]");
        if (!indexed.IsValueType)
        {
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Brfalse, whenNull);
        }

        EmitReceiver(il, indexed);
        il.Emit(OpCodes.Ldarg_1);
        EmitCall(il, indexer, indexed);
        EmitToString(il, indexer.ReturnType);
        il.Emit(OpCodes.Ret);
        EmitDefaultReturn(il, whenNull, typeof(string));
        return method.CreateDelegate<Func<object, TKey, string?>>();
    }

    /// <summary>
    /// A delegate calling the static method <paramref name="method"/> (one parameter) with its argument passed as an
    /// <see cref="object"/>; for example an extension method of a type the plugin cannot reference.
    /// </summary>
    /// <typeparam name="T">What the delegate returns: the method's result, boxed or cast to it where needed.</typeparam>
    /// <param name="method">A static method with exactly one parameter.</param>
    /// <returns>The delegate; it throws <see cref="InvalidCastException"/> for an argument of another type.</returns>
    /// <exception cref="ArgumentException">The method is not static or does not take exactly one parameter.</exception>
    public static Func<object, T> StaticCall<T>(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var parameters = method.GetParameters();
        if (!method.IsStatic || parameters.Length != 1 || method.ReturnType == typeof(void))
        {
            throw new ArgumentException($"{method.DeclaringType?.FullName}.{method.Name} is not a static method of one parameter that returns a value", nameof(method));
        }

        var dynamicMethod = NewMethod(typeof(T), [typeof(object)], method.DeclaringType ?? typeof(object), method.Name);
        var il = dynamicMethod.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        EmitConvert(il, typeof(object), parameters[0].ParameterType);
        il.Emit(OpCodes.Call, method);
        EmitConvert(il, method.ReturnType, typeof(T));
        il.Emit(OpCodes.Ret);
        return dynamicMethod.CreateDelegate<Func<object, T>>();
    }

    /// <summary>
    /// The type named <paramref name="fullName"/> in <paramref name="type"/>'s own hierarchy (for example the abstract
    /// <c>HttpContext</c> of a <c>DefaultHttpContext</c>).
    /// </summary>
    /// <param name="type">The run-time type.</param>
    /// <param name="fullName">The full name of the base type to find.</param>
    /// <returns><paramref name="type"/> or one of its base types.</returns>
    /// <exception cref="MissingMemberException">No type of that name is in the hierarchy.</exception>
    public static Type BaseNamed(Type type, string fullName)
    {
        ArgumentNullException.ThrowIfNull(type);
        for (Type? current = type; current is not null; current = current.BaseType)
        {
            if (current.FullName == fullName)
            {
                return current;
            }
        }

        throw new MissingMemberException($"{type.FullName} does not derive from {fullName}");
    }

    private static DynamicMethod NewMethod(Type returns, Type[] parameters, Type root, string path) =>
        new($"Sightline.Read.{root.Name}.{path}", returns, parameters, typeof(MemberAccess).Module, skipVisibility: true);

    // Leaves the chain's last value on the stack and returns its type; a null reference on the way jumps to whenNull
    // with that null on the stack.
    private static Type EmitChain(ILGenerator il, Type root, string path, Label whenNull)
    {
        il.Emit(OpCodes.Ldarg_0);
        EmitConvert(il, typeof(object), root);
        var current = root;
        foreach (var name in path.Split('.'))
        {
            if (!current.IsValueType)
            {
                il.Emit(OpCodes.Dup);
                il.Emit(OpCodes.Brfalse, whenNull);
            }

            if (FindProperty(current, name) is { } getter)
            {
                EmitReceiver(il, current);
                EmitCall(il, getter, current);
                current = getter.ReturnType;
            }
            else if (FindField(current, name) is { } field)
            {
                il.Emit(OpCodes.Ldfld, field);
                current = field.FieldType;
            }
            else
            {
                throw new MissingMemberException(current.FullName, name);
            }
        }

        return current;
    }

    private static MethodInfo? FindProperty(Type type, string name)
    {
        // The most derived declaration wins (a property hidden with 'new' is found once per level).
        for (Type? current = type; current is not null; current = current.BaseType)
        {
            var property = current.GetProperty(name, Instance | BindingFlags.DeclaredOnly, null, null, Type.EmptyTypes, null);
            if (property?.GetGetMethod(nonPublic: true) is { } getter)
            {
                return getter;
            }
        }

        // An interface's own properties, and those of the interfaces it extends.
        return type.IsInterface
            ? type.GetInterfaces().Select(i => i.GetProperty(name, Instance, null, null, Type.EmptyTypes, null)?.GetGetMethod(nonPublic: true)).FirstOrDefault(g => g is not null)
            : null;
    }

    private static FieldInfo? FindField(Type type, string name)
    {
        for (Type? current = type; current is not null; current = current.BaseType)
        {
            if (current.GetField(name, Instance | BindingFlags.DeclaredOnly) is { } field)
            {
                return field;
            }
        }

        return null;
    }

    // A method of a value type is called on its address.
    private static void EmitReceiver(ILGenerator il, Type type)
    {
        if (type.IsValueType)
        {
            var local = il.DeclareLocal(type);
            il.Emit(OpCodes.Stloc, local);
            il.Emit(OpCodes.Ldloca, local);
        }
    }

    private static void EmitCall(ILGenerator il, MethodInfo method, Type receiver) =>
        il.Emit(receiver.IsValueType || !method.IsVirtual ? OpCodes.Call : OpCodes.Callvirt, method);

    private static void EmitToString(ILGenerator il, Type type)
    {
        var toString = typeof(object).GetMethod(nameof(ToString), Type.EmptyTypes)!;
        if (type.IsValueType)
        {
            EmitReceiver(il, type);
            il.Emit(OpCodes.Constrained, type);
            il.Emit(OpCodes.Callvirt, toString);
            return;
        }

        var notNull = il.DefineLabel();
        var done = il.DefineLabel();
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Brtrue, notNull);
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Br, done);
        il.MarkLabel(notNull);
        il.Emit(OpCodes.Callvirt, toString);
        il.MarkLabel(done);
    }

    private static void EmitConvert(ILGenerator il, Type from, Type to)
    {
        // An enum and its underlying integer share their representation (a gRPC StatusCode read as an int).
        if (from == to || (!from.IsValueType && !to.IsValueType && to.IsAssignableFrom(from))
            || (from.IsEnum && Enum.GetUnderlyingType(from) == to) || (to.IsEnum && Enum.GetUnderlyingType(to) == from))
        {
            return;
        }

        if (from.IsValueType && !to.IsValueType && to.IsAssignableFrom(from))
        {
            il.Emit(OpCodes.Box, from);
        }
        else if (!from.IsValueType && to.IsValueType)
        {
            il.Emit(OpCodes.Unbox_Any, to);
        }
        else if (!from.IsValueType && !to.IsValueType)
        {
            il.Emit(OpCodes.Castclass, to);
        }
        else
        {
            throw new InvalidCastException($"a {from.FullName} cannot be read as a {to.FullName}");
        }
    }

    // The target of whenNull: the null on the stack is dropped and default(T) returned.
    private static void EmitDefaultReturn(ILGenerator il, Label whenNull, Type type)
    {
        il.MarkLabel(whenNull);
        il.Emit(OpCodes.Pop);
        if (type.IsValueType)
        {
            var local = il.DeclareLocal(type);
            il.Emit(OpCodes.Ldloca, local);
            il.Emit(OpCodes.Initobj, type);
            il.Emit(OpCodes.Ldloc, local);
        }
        else
        {
            il.Emit(OpCodes.Ldnull);
        }

        il.Emit(OpCodes.Ret);
    }
}
