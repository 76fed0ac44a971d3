using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Iced.Intel;
using Sightline.Patching.Internal.Native;

namespace Sightline.Patching.Tests;

/// <summary>
/// The engine's own x86-64 decoder agrees with Iced's, a complete decoder, on every instruction it is asked about:
/// the compiled code of thousands of methods (ReadyToRun and JIT-compiled, with VEX and EVEX where this machine has
/// them) and millions of random byte strings biased towards prefixes and the escape bytes. Alone, not beside the tests
/// that patch methods: compiled code must not change while it is read.
/// </summary>
[Collection(nameof(InstructionDecoderTests))]
[CollectionDefinition(nameof(InstructionDecoderTests), DisableParallelization = true)]
public sealed unsafe class InstructionDecoderTests
{
    [Fact]
    public void Compiled_code_decodes_as_Iced_decodes_it()
    {
        var compared = 0;
        var methods = 0;
        foreach (var method in CompiledMethods())
        {
            var code = CodeLocator.FindCode(method.MethodHandle.GetFunctionPointer());
            if (code == IntPtr.Zero)
            {
                continue;
            }

            methods++;
            compared += CompareUntilExit((byte*)code, 512, method.ToString()!);
        }

        Assert.True(methods > 2000, $"only {methods} methods had code to compare");
        Assert.True(compared > 50_000, $"only {compared} instructions compared");
    }

    [Fact]
    public void Vector_code_with_VEX_and_EVEX_decodes_as_Iced_decodes_it()
    {
        var methods = typeof(VectorCode).GetMethods(BindingFlags.Public | BindingFlags.Static);
        foreach (var method in methods)
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
            var code = CodeLocator.FindCode(method.MethodHandle.GetFunctionPointer());
            Assert.NotEqual(IntPtr.Zero, code);
            CompareUntilExit((byte*)code, 4096, method.Name);
        }

        Assert.True(VectorCode.Sum([1, 2, 3]) == 6);
    }

    [Fact]
    public void Random_instructions_decode_as_Iced_decodes_them()
    {
        var random = new Random(20261125);
        var bytes = new byte[InstructionDecoder.MaxLength + 16];
        var valid = 0;
        var disagreements = new List<string>();
        for (var n = 0; n < 2_000_000 && disagreements.Count < 20; n++)
        {
            random.NextBytes(bytes);
            Bias(random, bytes);
            fixed (byte* code = bytes)
            {
                var iced = Decode(code, (ulong)code);
                if (iced.IsInvalid)
                {
                    continue;
                }

                valid++;
                if (Disagreement(iced, InstructionDecoder.Decode(code), code, "random") is { } disagreement)
                {
                    disagreements.Add(disagreement);
                }
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        Assert.True(valid > 800_000, $"only {valid} valid instructions");
    }

    [Theory]
    [InlineData(new byte[] { 0xC5, 0xF8, 0x77 }, 3, "Next")] // vzeroupper
    [InlineData(new byte[] { 0x48, 0x83, 0xEC, 0x28 }, 4, "Next")] // sub rsp, 28h
    [InlineData(new byte[] { 0x62, 0xF1, 0x7C, 0x48, 0x11, 0x44, 0x24, 0x01 }, 8, "Next")] // vmovups [rsp+40h], zmm0
    [InlineData(new byte[] { 0x48, 0xB8, 1, 2, 3, 4, 5, 6, 7, 8 }, 10, "Next")] // mov rax, imm64
    [InlineData(new byte[] { 0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00 }, 6, "Next")] // nop word [rax+rax]
    [InlineData(new byte[] { 0xE8, 0, 0, 0, 0 }, 5, "Call")]
    [InlineData(new byte[] { 0xFF, 0x15, 0, 0, 0, 0 }, 6, "Call")] // call [rip]
    [InlineData(new byte[] { 0xFF, 0x25, 0, 0, 0, 0 }, 6, "Exit")] // jmp [rip]
    [InlineData(new byte[] { 0xC3 }, 1, "Exit")]
    [InlineData(new byte[] { 0xCC }, 1, "Exit")]
    [InlineData(new byte[] { 0x0F, 0x0B }, 2, "Exit")] // ud2
    [InlineData(new byte[] { 0x74, 0x10 }, 2, "ConditionalBranch")]
    [InlineData(new byte[] { 0x0F, 0x85, 0x10, 0, 0, 0 }, 6, "ConditionalBranch")]
    [InlineData(new byte[] { 0xEB, 0xFE }, 2, "Jump")]
    [InlineData(new byte[] { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x90 }, 15, "Next")]
    [InlineData(new byte[] { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x90 }, 0, "Next")]
    [InlineData(new byte[] { 0x66, 0xC5, 0xF8, 0x77 }, 0, "Next")] // a legacy prefix before VEX
    [InlineData(new byte[] { 0x06 }, 0, "Next")] // push es: gone in 64-bit mode
    public void Known_instructions_have_their_length_and_flow(byte[] instruction, int length, string flow)
    {
        var bytes = new byte[32];
        instruction.CopyTo(bytes, 0);
        fixed (byte* code = bytes)
        {
            var decoded = InstructionDecoder.Decode(code);

            Assert.Equal(length, decoded.Length);
            Assert.Equal(flow, decoded.Flow.ToString());
        }
    }

    private static int CompareUntilExit(byte* code, int limit, string where)
    {
        // Up to the first exit that no branch seen so far jumps beyond: what follows may be another method, or data.
        var offset = 0;
        var furthest = (long)code;
        var compared = 0;
        while (offset < limit)
        {
            var at = code + offset;
            var iced = Decode(at, (ulong)at);
            Assert.False(iced.IsInvalid, $"{where}: Iced found no instruction at +{offset}");
            AssertSame(iced, InstructionDecoder.Decode(at), at, $"{where} +{offset}");
            compared++;
            offset += iced.Length;
            var flow = Flow(iced);
            if (flow is InstructionFlow.ConditionalBranch or InstructionFlow.Jump && (long)iced.NearBranchTarget > furthest)
            {
                furthest = (long)iced.NearBranchTarget;
            }

            if (flow is InstructionFlow.Exit or InstructionFlow.Jump && furthest <= (long)code + offset)
            {
                break;
            }
        }

        return compared;
    }

    private static void AssertSame(Instruction iced, DecodedInstruction ours, byte* code, string where)
    {
        if (Disagreement(iced, ours, code, where) is { } disagreement)
        {
            Assert.Fail(disagreement);
        }
    }

    private static string? Disagreement(Instruction iced, DecodedInstruction ours, byte* code, string where)
    {
        var flow = Flow(iced);
        var relative = flow is InstructionFlow.ConditionalBranch or InstructionFlow.Jump or InstructionFlow.Call && iced.Op0Kind == OpKind.NearBranch64;
        var target = relative ? (long)iced.NearBranchTarget : 0;
        if (ours.Length == iced.Length && ours.Flow == flow && ours.Target == target)
        {
            return null;
        }

        var bytes = Convert.ToHexString(new ReadOnlySpan<byte>(code, InstructionDecoder.MaxLength));
        return $"{where}: {bytes} is {iced} ({iced.Length} bytes, {flow}, target {target:x}) to Iced, " +
            $"{ours.Length} bytes, {ours.Flow}, target {ours.Target:x} to ours";
    }

    private static InstructionFlow Flow(Instruction instruction) => instruction.FlowControl switch
    {
        FlowControl.ConditionalBranch => InstructionFlow.ConditionalBranch,
        FlowControl.UnconditionalBranch when instruction.IsJmpShortOrNear => InstructionFlow.Jump,
        FlowControl.Call or FlowControl.IndirectCall => InstructionFlow.Call,
        FlowControl.UnconditionalBranch or FlowControl.IndirectBranch or FlowControl.Return
            or FlowControl.Interrupt or FlowControl.Exception => InstructionFlow.Exit,
        _ => InstructionFlow.Next,
    };

    private static Instruction Decode(byte* code, ulong address)
    {
        var reader = new ByteArrayCodeReader(new ReadOnlySpan<byte>(code, InstructionDecoder.MaxLength + 1).ToArray());
        var decoder = Iced.Intel.Decoder.Create(64, reader, address);
        decoder.Decode(out var instruction);
        return instruction;
    }

    private static void Bias(Random random, byte[] bytes)
    {
        // Most random bytes are one-byte opcodes: lead with prefixes and escapes often enough to reach every map.
        ReadOnlySpan<byte> prefixes = [0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x2E, 0x64, 0x48, 0x41, 0x4C];
        ReadOnlySpan<byte> escapes = [0x0F, 0xC4, 0xC5, 0x62, 0x8F];
        var at = 0;
        var count = random.Next(4) == 0 ? random.Next(1, 4) : 0;
        for (var k = 0; k < count; k++)
        {
            bytes[at++] = prefixes[random.Next(prefixes.Length)];
        }

        switch (random.Next(4))
        {
            case 0:
                bytes[at] = escapes[random.Next(escapes.Length)];
                if (bytes[at] == 0x0F && random.Next(3) == 0)
                {
                    bytes[at + 1] = random.Next(2) == 0 ? (byte)0x38 : (byte)0x3A;
                }

                break;
            case 1:
                // VEX and EVEX with a valid map most of the time.
                bytes[at] = random.Next(2) == 0 ? (byte)0xC4 : (byte)0x62;
                bytes[at + 1] = (byte)((bytes[at + 1] & 0xF0) | random.Next(1, 7));
                if (bytes[at] == 0x62)
                {
                    bytes[at + 2] |= 0x04;
                }

                break;
        }
    }

    private static List<MethodBase> CompiledMethods()
    {
        Assembly[] assemblies =
        [
            typeof(object).Assembly,
            typeof(Enumerable).Assembly,
            typeof(System.Text.RegularExpressions.Regex).Assembly,
            typeof(System.Collections.Generic.LinkedList<>).Assembly,
            typeof(PatchEngine).Assembly,
        ];
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var methods = new List<MethodBase>();
        foreach (var assembly in assemblies)
        {
            var taken = 0;
            foreach (var type in SafeTypes(assembly))
            {
                if (type.ContainsGenericParameters || type.IsInterface || taken >= 800)
                {
                    continue;
                }

                try
                {
                    foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
                    {
                        if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodBody() is null || taken >= 800)
                        {
                            continue;
                        }

                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                        methods.Add(method);
                        taken++;
                    }
                }
                catch (Exception ex) when (ex is TypeLoadException or BadImageFormatException or ArgumentException or InvalidOperationException or NotSupportedException)
                {
                    // A type the runtime refuses (a test asset with a bad layout, say): its methods have no code.
                }
            }
        }

        return methods;
    }

    private static Type[] SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>().ToArray();
        }
    }

    /// <summary>Fully optimized code over vectors: the JIT writes VEX, and EVEX on a machine with AVX-512.</summary>
    public static class VectorCode
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
        public static int Sum(ReadOnlySpan<int> values)
        {
            var total = Vector512<int>.Zero;
            var i = 0;
            for (; i + Vector512<int>.Count <= values.Length; i += Vector512<int>.Count)
            {
                total += Vector512.Create(values[i..]);
            }

            var sum = Vector512.Sum(total);
            for (; i < values.Length; i++)
            {
                sum += values[i];
            }

            return sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
        public static Vector256<float> Blend(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(a, b), a * c + b, Vector256.Shuffle(b, Vector256.Create(3, 2, 1, 0, 7, 6, 5, 4)));

        [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
        public static Vector128<byte> Bytes(Vector128<byte> a, Vector128<byte> b) =>
            Vector128.Shuffle(a, b) ^ Vector128.ShiftLeft(a.AsUInt16(), 3).AsByte() & Vector128.Create((byte)0x5A);

        [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
        public static double Mixed(double x, long y, Vector512<double> v) =>
            Math.FusedMultiplyAdd(x, y, Vector512.Dot(v, Vector512.Create(x))) + Math.Round(x * 3.5) + ulong.PopCount((ulong)y);
    }
}
