namespace Sightline.Patching.Internal.Jit;

/// <summary>
/// The JIT-EE interface layouts this engine was written and verified against. The JIT hook reads vtable slots by
/// index, so any other interface version is refused rather than guessed at (research/patching.md §2).
/// </summary>
internal static class JitInterfaceVersion
{
    /// <summary>.NET 10 JIT-EE interface id, verified on 10.0.12.</summary>
    public static readonly Guid Net10 = new("7a8cbc56-9e19-4321-80b9-a0d2c578c945");

    /// <summary>ICorJitCompiler::compileMethod.</summary>
    public const int CompileMethodSlot = 0;

    /// <summary>ICorJitCompiler::getVersionIdentifier.</summary>
    public const int GetVersionIdentifierSlot = 2;

    /// <summary>ICorJitInfo::allocMem on .NET 10 (0xA0 of 0xB0 slots).</summary>
    public const int AllocMemSlot = 0xA0;

    /// <summary>ICorJitInfo::getJitFlags on .NET 10.</summary>
    public const int GetJitFlagsSlot = 0xAF;

    /// <summary>CORJIT_FLAG_OSR: an on-stack-replacement variant, entered mid-method, never jumped to at its start.</summary>
    public const int OsrFlagBit = 7;

    /// <summary>Null when the id is one whose layout the engine knows, otherwise the refusal reason.</summary>
    public static string? Check(Guid reported, int runtimeMajor) =>
        reported == Net10 && runtimeMajor == 10
            ? null
            : $"the JIT-EE interface {reported} of .NET {runtimeMajor} is unknown to this engine "
              + $"(known: {Net10} on .NET 10); the JIT hook would read the wrong vtable slots";
}
