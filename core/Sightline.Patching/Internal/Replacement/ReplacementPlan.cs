using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Sightline.Patching.Internal.Replacement;

/// <summary>
/// The shape of one replacement: its signature (instance first, for instance methods; the hidden return buffer as
/// an explicit parameter when the ABI puts it after <c>this</c>), and the locals and labels the steps share.
/// </summary>
internal sealed class ReplacementPlan
{
    private ReplacementPlan(MethodBase original)
    {
        Original = original;
        Parameters = original.GetParameters();
        ReturnType = original is MethodInfo mi ? mi.ReturnType : typeof(void);
        IsInstance = !original.IsStatic;
        var declaring = original.DeclaringType!;
        InstanceType = declaring.IsValueType ? declaring.MakeByRefType() : declaring;

        // SysV x64 CoreCLR passes this, then the return buffer, then the arguments. A static replacement would take
        // the buffer first, so instance methods returning a struct in memory get the buffer as an explicit
        // parameter and hand its address back in rax, as the ABI requires.
        UsesReturnBufferGlue = IsInstance && ReturnsInMemory(ReturnType);
        var types = new List<Type>();
        if (IsInstance)
        {
            types.Add(InstanceType);
        }

        if (UsesReturnBufferGlue)
        {
            types.Add(ReturnType.MakeByRefType());
        }

        types.AddRange(Parameters.Select(p => p.ParameterType));
        ParameterTypes = [.. types];
        ReplacementReturnType = UsesReturnBufferGlue ? typeof(IntPtr) : ReturnType;
    }

    public MethodBase Original { get; }

    public ParameterInfo[] Parameters { get; }

    public Type ReturnType { get; }

    public bool IsInstance { get; }

    public Type InstanceType { get; }

    public bool UsesReturnBufferGlue { get; }

    public Type[] ParameterTypes { get; }

    public Type ReplacementReturnType { get; }

    public LocalBuilder? Result { get; set; }

    public LocalBuilder RunOriginal { get; set; } = null!;

    public LocalBuilder Exception { get; set; } = null!;

    public Dictionary<int, LocalBuilder> States { get; } = [];

    public Label AfterOriginal { get; set; }

    public int TargetId { get; init; }

    public static ReplacementPlan For(MethodBase original, int targetId) => new(original) { TargetId = targetId };

    /// <summary>Maps an argument index of the original body (0 = this for instance methods) to the replacement's.</summary>
    public int MapArgument(int index) => UsesReturnBufferGlue && index >= 1 ? index + 1 : index;

    /// <summary>The replacement's index of the original's parameter <paramref name="position"/> (0-based, no this).</summary>
    public int ArgumentIndexOf(int position) => MapArgument(position + (IsInstance ? 1 : 0));

    public static bool ReturnsInMemory(Type type)
    {
        if (!type.IsValueType || type == typeof(void) || type.IsPrimitive || type.IsEnum || type.IsPointer)
        {
            return false;
        }

        return RuntimeHelpers.SizeOf(type.TypeHandle) > 16;
    }
}
