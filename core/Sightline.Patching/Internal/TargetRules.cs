using System.Reflection;
using System.Reflection.Emit;

namespace Sightline.Patching.Internal;

/// <summary>What can be patched at all, independent of the backend; each refusal says why in plain words.</summary>
internal static class TargetRules
{
    public static string? Check(MethodBase target)
    {
        if (target is DynamicMethod || target.GetType().Name.Contains("RTDynamicMethod", StringComparison.Ordinal))
        {
            return "dynamic methods are not patched (they have no stable identity to patch)";
        }

        var declaring = target.DeclaringType;
        if (declaring is null)
        {
            return "module-level (global) methods are not supported";
        }

        if (target.IsAbstract)
        {
            return "the method is abstract and has no body; patch the concrete overrides instead";
        }

        var implFlags = target.MethodImplementationFlags;
        if ((target.Attributes & MethodAttributes.PinvokeImpl) != 0
            || (implFlags & MethodImplAttributes.InternalCall) != 0
            || (implFlags & MethodImplAttributes.Runtime) != 0
            || (implFlags & MethodImplAttributes.Native) != 0)
        {
            return "the method is extern (P/Invoke, internal call or runtime-implemented) and has no IL body to copy";
        }

        if (target.ContainsGenericParameters)
        {
            return "the method or its type is an open generic definition; patch a closed instantiation";
        }

        if (IsSharedGeneric(declaring, target))
        {
            return "the instantiation has reference-type arguments, so its code is shared (__Canon) by every reference-type "
                + "instantiation and takes a hidden generic context; patching it is refused";
        }

        if (declaring.IsInterface)
        {
            return "default interface methods are not supported";
        }

        if (target is ConstructorInfo && target.IsStatic)
        {
            return "type initializers (static constructors) run once and are not patched";
        }

        if ((target.CallingConvention & CallingConventions.VarArgs) != 0)
        {
            return "varargs methods are not supported";
        }

        if (target is MethodInfo { ReturnType.IsByRef: true })
        {
            return "methods returning by reference are not supported";
        }

        if (declaring.IsByRefLike && !target.IsStatic)
        {
            return "instance methods of ref structs are not supported";
        }

        if (target.GetMethodBody() is null)
        {
            return "the method has no IL body";
        }

        return null;
    }

    private static bool IsSharedGeneric(Type declaring, MethodBase target)
    {
        var typeArgs = declaring.IsGenericType ? declaring.GetGenericArguments() : [];
        var methodArgs = target is MethodInfo { IsGenericMethod: true } ? target.GetGenericArguments() : [];
        return typeArgs.Concat(methodArgs).Any(t => !t.IsValueType);
    }
}
