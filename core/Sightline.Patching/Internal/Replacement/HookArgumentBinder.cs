using System.Reflection;
using System.Reflection.Emit;

namespace Sightline.Patching.Internal.Replacement;

/// <summary>
/// Loads the value for each handler parameter, by convention: <c>__instance</c>, <c>__result</c>, <c>__state</c>,
/// <c>__exception</c>, <c>__originalMethod</c>, <c>__runOriginal</c>, <c>__args</c> (every argument in an <c>object[]</c>),
/// <c>__N</c> (argument N), <c>___name</c> (a field of the target's type, declared there) or an original parameter's
/// name. A <c>ref</c> handler parameter gets the address, so the handler can change the value.
/// </summary>
internal sealed class HookArgumentBinder(IlEmitter il, ReplacementPlan plan)
{
    private const string ArgumentArray = "__args";

    private static readonly MethodInfo GetOriginal = typeof(OriginalMethodTable).GetMethod(nameof(OriginalMethodTable.Get))!;

    private LocalBuilder? _arguments;

    /// <summary>Throws <see cref="NotSupportedException"/> with the reason when a parameter binds to nothing.</summary>
    public void Validate(MethodInfo handler, int patchIndex)
    {
        foreach (var parameter in handler.GetParameters())
        {
            _ = Describe(parameter, handler, patchIndex);
        }
    }

    /// <summary>
    /// Fills a fresh <c>object[]</c> with the arguments when the handler takes <c>__args</c>; returns it (or null)
    /// for <see cref="EmitArgumentWriteBack"/>. Call before <see cref="EmitArguments"/>.
    /// </summary>
    public LocalBuilder? EmitArgumentArray(MethodInfo handler)
    {
        _arguments = null;
        if (!Array.Exists(handler.GetParameters(), p => p.Name == ArgumentArray))
        {
            return null;
        }

        _arguments = il.DeclareLocal(typeof(object[]));
        il.Emit(OpCodes.Ldc_I4, plan.Parameters.Length);
        il.Emit(OpCodes.Newarr, typeof(object));
        il.Emit(OpCodes.Stloc, _arguments);
        for (var position = 0; position < plan.Parameters.Length; position++)
        {
            var type = plan.Parameters[position].ParameterType;
            var value = type.IsByRef ? type.GetElementType()! : type;
            il.Emit(OpCodes.Ldloc, _arguments);
            il.Emit(OpCodes.Ldc_I4, position);
            il.EmitLdarg(plan.ArgumentIndexOf(position));
            if (type.IsByRef)
            {
                il.Emit(OpCodes.Ldobj, value);
            }

            Box(value, typeof(object));
            il.Emit(OpCodes.Stelem_Ref);
        }

        return _arguments;
    }

    /// <summary>
    /// Harmony's contract for <c>__args</c>: what the handler left in the array becomes the arguments (a null for a
    /// value type leaves that argument as it was, except for a nullable one, which becomes null). Emitted right after
    /// the handler returned.
    /// </summary>
    public void EmitArgumentWriteBack(LocalBuilder arguments)
    {
        for (var position = 0; position < plan.Parameters.Length; position++)
        {
            var type = plan.Parameters[position].ParameterType;
            var value = type.IsByRef ? type.GetElementType()! : type;
            var index = plan.ArgumentIndexOf(position);
            var skip = il.DefineLabel();
            if (value.IsValueType && Nullable.GetUnderlyingType(value) is null)
            {
                il.Emit(OpCodes.Ldloc, arguments);
                il.Emit(OpCodes.Ldc_I4, position);
                il.Emit(OpCodes.Ldelem_Ref);
                il.Emit(OpCodes.Brfalse, skip);
            }

            if (type.IsByRef)
            {
                il.EmitLdarg(index);
            }

            il.Emit(OpCodes.Ldloc, arguments);
            il.Emit(OpCodes.Ldc_I4, position);
            il.Emit(OpCodes.Ldelem_Ref);
            il.Emit(OpCodes.Unbox_Any, value);
            if (type.IsByRef)
            {
                il.Emit(OpCodes.Stobj, value);
            }
            else
            {
                il.EmitStarg(index);
            }

            il.MarkLabel(skip);
        }
    }

    public void EmitArguments(MethodInfo handler, int patchIndex)
    {
        foreach (var parameter in handler.GetParameters())
        {
            EmitOne(parameter, handler, patchIndex);
        }
    }

    /// <summary>
    /// Saves what each <c>ref</c> parameter of the handler can change (an argument, the struct instance, a field, the
    /// state or the exception), so that a wrapped handler that throws can be undone by <see cref="EmitRestore"/>.
    /// The result and the run-original flag are saved by the caller.
    /// </summary>
    public List<(string Name, LocalBuilder Saved)> EmitSaveRefTargets(MethodInfo handler, int patchIndex)
    {
        var saved = new List<(string, LocalBuilder)>();
        foreach (var parameter in handler.GetParameters())
        {
            var name = Describe(parameter, handler, patchIndex);
            if (!parameter.ParameterType.IsByRef || name is "__result" or "__runOriginal")
            {
                continue;
            }

            if (name == "__instance" && !plan.Original.DeclaringType!.IsValueType)
            {
                continue;
            }

            var local = il.DeclareLocal(parameter.ParameterType.GetElementType()!);
            EmitLoadRefTarget(name, patchIndex);
            il.Emit(OpCodes.Stloc, local);
            saved.Add((name, local));
        }

        return saved;
    }

    /// <summary>Puts back what <see cref="EmitSaveRefTargets"/> saved.</summary>
    public void EmitRestore(List<(string Name, LocalBuilder Saved)> saved, int patchIndex)
    {
        foreach (var (name, local) in saved)
        {
            switch (name)
            {
                case "__instance":
                    il.EmitLdarg(0);
                    il.Emit(OpCodes.Ldloc, local);
                    il.Emit(OpCodes.Stobj, plan.Original.DeclaringType!);
                    continue;
                case "__state":
                    il.Emit(OpCodes.Ldloc, local);
                    il.Emit(OpCodes.Stloc, plan.States[patchIndex]);
                    continue;
                case "__exception":
                    il.Emit(OpCodes.Ldloc, local);
                    il.Emit(OpCodes.Stloc, plan.Exception);
                    continue;
            }

            if (name.StartsWith("___", StringComparison.Ordinal))
            {
                var field = FieldOf(name)!;
                if (field.IsStatic)
                {
                    il.Emit(OpCodes.Ldloc, local);
                    il.Emit(OpCodes.Stsfld, field);
                }
                else
                {
                    il.EmitLdarg(0);
                    il.Emit(OpCodes.Ldloc, local);
                    il.Emit(OpCodes.Stfld, field);
                }

                continue;
            }

            var (index, type) = BoundArgument(name);
            if (type.IsByRef)
            {
                il.EmitLdarg(index);
                il.Emit(OpCodes.Ldloc, local);
                il.Emit(OpCodes.Stobj, type.GetElementType()!);
            }
            else
            {
                il.Emit(OpCodes.Ldloc, local);
                il.EmitStarg(index);
            }
        }
    }

    private void EmitLoadRefTarget(string name, int patchIndex)
    {
        switch (name)
        {
            case "__instance":
                il.EmitLdarg(0);
                il.Emit(OpCodes.Ldobj, plan.Original.DeclaringType!);
                return;
            case "__state":
                il.Emit(OpCodes.Ldloc, plan.States[patchIndex]);
                return;
            case "__exception":
                il.Emit(OpCodes.Ldloc, plan.Exception);
                return;
        }

        if (name.StartsWith("___", StringComparison.Ordinal))
        {
            var field = FieldOf(name)!;
            EmitField(field, byRef: false, field.FieldType);
            return;
        }

        var (index, type) = BoundArgument(name);
        il.EmitLdarg(index);
        if (type.IsByRef)
        {
            il.Emit(OpCodes.Ldobj, type.GetElementType()!);
        }
    }

    private string Describe(ParameterInfo parameter, MethodInfo handler, int patchIndex)
    {
        var name = parameter.Name ?? string.Empty;
        var byRef = parameter.ParameterType.IsByRef;
        switch (name)
        {
            case "__instance" when !plan.IsInstance:
                throw Unbound(handler, parameter, "the target is static");
            case "__result" when plan.Result is null && plan.ReturnType == typeof(void):
                throw Unbound(handler, parameter, "the target returns void");
            case "__instance" or "__result" or "__state" or "__exception" or "__originalMethod" or "__runOriginal":
                return name;
            case ArgumentArray when parameter.ParameterType != typeof(object[]):
                throw Unbound(handler, parameter, "__args must be declared object[] (not ref)");
            case ArgumentArray:
                var unboxable = Array.Find(plan.Parameters, p => Unboxable(p.ParameterType));
                return unboxable is null
                    ? name
                    : throw Unbound(handler, parameter, $"argument '{unboxable.Name}' is a pointer or a ref struct and cannot be put in an object[]");
        }

        if (name.StartsWith("___", StringComparison.Ordinal))
        {
            var field = FieldOf(name) ?? throw Unbound(handler, parameter, $"the target's type has no field '{name[3..]}'");
            if (!field.IsStatic && !plan.IsInstance)
            {
                throw Unbound(handler, parameter, $"'{field.Name}' is an instance field and the target is static");
            }

            var wanted = byRef ? parameter.ParameterType.GetElementType()! : parameter.ParameterType;
            if (byRef ? wanted != field.FieldType : !wanted.IsAssignableFrom(field.FieldType))
            {
                throw Unbound(handler, parameter, $"field '{field.Name}' is {field.FieldType.Name}");
            }

            return name;
        }

        if (ArgumentPosition(name) < 0)
        {
            throw Unbound(handler, parameter, "no parameter of the target has this name or position");
        }

        _ = byRef;
        _ = patchIndex;
        return name;
    }

    private void EmitOne(ParameterInfo parameter, MethodInfo handler, int patchIndex)
    {
        var name = Describe(parameter, handler, patchIndex);
        var type = parameter.ParameterType;
        var byRef = type.IsByRef;
        var elementType = byRef ? type.GetElementType()! : type;
        switch (name)
        {
            case "__instance":
                EmitInstance(type, elementType, byRef);
                return;
            case "__result":
                EmitLocal(plan.Result!, byRef, elementType);
                return;
            case "__state":
                EmitLocal(plan.States[patchIndex], byRef, elementType);
                return;
            case "__exception":
                EmitLocal(plan.Exception, byRef, elementType);
                return;
            case "__runOriginal":
                EmitLocal(plan.RunOriginal, byRef, elementType);
                return;
            case "__originalMethod":
                il.Emit(OpCodes.Ldc_I4, plan.TargetId);
                il.Emit(OpCodes.Call, GetOriginal);
                return;
            case ArgumentArray:
                il.Emit(OpCodes.Ldloc, _arguments ?? throw new InvalidOperationException("EmitArgumentArray was not called"));
                return;
        }

        if (name.StartsWith("___", StringComparison.Ordinal))
        {
            EmitField(FieldOf(name)!, byRef, elementType);
            return;
        }

        var (index, originalType) = BoundArgument(name);
        if (originalType.IsByRef)
        {
            il.EmitLdarg(index);
            if (!byRef)
            {
                var pointee = originalType.GetElementType()!;
                il.Emit(OpCodes.Ldobj, pointee);
                Box(pointee, elementType);
            }
        }
        else if (byRef)
        {
            il.EmitLdarga(index);
        }
        else
        {
            il.EmitLdarg(index);
            Box(originalType, elementType);
        }
    }

    /// <summary>A field of the target's type (Harmony's <c>___name</c>): its value, or its address for <c>ref</c>.</summary>
    private void EmitField(FieldInfo field, bool byRef, Type wanted)
    {
        if (field.IsStatic)
        {
            il.Emit(byRef ? OpCodes.Ldsflda : OpCodes.Ldsfld, field);
        }
        else
        {
            // The replacement's first argument is the instance: an object reference, or `ref T` for a struct.
            il.EmitLdarg(0);
            il.Emit(byRef ? OpCodes.Ldflda : OpCodes.Ldfld, field);
        }

        if (!byRef)
        {
            Box(field.FieldType, wanted);
        }
    }

    private FieldInfo? FieldOf(string name) => plan.Original.DeclaringType!.GetField(
        name[3..], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);

    private void EmitInstance(Type type, Type elementType, bool byRef)
    {
        var declaring = plan.Original.DeclaringType!;
        il.EmitLdarg(0);
        if (!declaring.IsValueType || byRef)
        {
            return;
        }

        il.Emit(OpCodes.Ldobj, declaring);
        Box(declaring, type);
        _ = elementType;
    }

    private void EmitLocal(LocalBuilder local, bool byRef, Type wanted)
    {
        if (byRef)
        {
            il.Emit(OpCodes.Ldloca, local);
            return;
        }

        il.Emit(OpCodes.Ldloc, local);
        Box(local.LocalType, wanted);
    }

    private void Box(Type actual, Type wanted)
    {
        if (actual.IsValueType && !wanted.IsValueType)
        {
            il.Emit(OpCodes.Box, actual);
        }
    }

    private static bool Unboxable(Type type)
    {
        var value = type.IsByRef ? type.GetElementType()! : type;
        return value.IsPointer || value.IsFunctionPointer || value.IsByRefLike;
    }

    // A handler parameter named after an argument of the target (validated by Describe): its IL index in the replacement
    // and the target's declared type of it.
    private (int Index, Type Type) BoundArgument(string name)
    {
        var position = ArgumentPosition(name);
        return (plan.ArgumentIndexOf(position), plan.Parameters[position].ParameterType);
    }

    private int ArgumentPosition(string name)
    {
        if (name.Length > 2 && name.StartsWith("__", StringComparison.Ordinal) && int.TryParse(name.AsSpan(2), out var position))
        {
            return position < plan.Parameters.Length ? position : -1;
        }

        return Array.FindIndex(plan.Parameters, p => p.Name == name);
    }

    private static NotSupportedException Unbound(MethodInfo handler, ParameterInfo parameter, string why) =>
        new($"parameter '{parameter.Name}' of handler {handler.DeclaringType?.Name}.{handler.Name} cannot be bound: {why}");
}
