namespace Sightline.Patching.Internal.Native;

/// <summary>What an instruction does to the flow of control, as far as measuring compiled code needs to know.</summary>
internal enum InstructionFlow : byte
{
    /// <summary>Falls through to the next instruction.</summary>
    Next,

    /// <summary>A relative jump taken or not (jcc, loop, jrcxz): <see cref="DecodedInstruction.Target"/> holds where.</summary>
    ConditionalBranch,

    /// <summary>A relative jump always taken (jmp rel8/rel32): <see cref="DecodedInstruction.Target"/> holds where.</summary>
    Jump,

    /// <summary>A call, direct or indirect: the callee returns right after it.</summary>
    Call,

    /// <summary>Never falls through: a return, an indirect or far jump, an interrupt, an undefined-instruction trap.</summary>
    Exit,
}

/// <summary>
/// One decoded instruction: its length (0 when the bytes are not an instruction), its flow, and the target of a relative
/// jump or call (else 0).
/// </summary>
internal readonly struct DecodedInstruction(int length, InstructionFlow flow, long target)
{
    public int Length { get; } = length;

    public InstructionFlow Flow { get; } = flow;

    public long Target { get; } = target;

    public bool IsInvalid => Length == 0;
}

/// <summary>
/// Decodes the length and the flow of control of one x86-64 instruction: legacy prefixes, REX, the one-, two- and
/// three-byte opcode maps, VEX, EVEX and XOP, ModRM, SIB, displacements and immediates.
/// </summary>
/// <remarks>
/// The patch engine measures the first bytes of code the JIT compiled, and needs no more than this: Iced's full decoder
/// cost every start ~4 ms of CPU and half a megabyte of tables for it. Opcodes the processor leaves undefined decode
/// as their map's usual form instead of being refused; in compiled code they never occur. The tests hold this decoder
/// to Iced's over every instruction of thousands of compiled methods and millions of random ones.
/// </remarks>
internal static unsafe class InstructionDecoder
{
    public const int MaxLength = 15;

    // One entry per opcode of a map: HasModRm, plus the immediate or the special handling in the low bits.
    private const byte HasModRm = 0x80;
    private const byte None = 0;
    private const byte Ib = 1;
    private const byte Iw = 2;
    private const byte Iz = 3;
    private const byte Iv = 4;
    private const byte Moffs = 5;
    private const byte IwIb = 6;
    private const byte Rel8 = 7;
    private const byte Rel32 = 8;
    private const byte Group3 = 9;
    private const byte Bad = 10;
    private const byte Escape = 11;
    private const byte Vex3 = 12;
    private const byte Vex2 = 13;
    private const byte Evex = 14;
    private const byte XopOrPop = 15;
    private const byte M = HasModRm;
    private const byte MIb = HasModRm | Ib;
    private const byte MIz = HasModRm | Iz;

    // The one-byte map in 64-bit mode, sixteen opcodes to a row (prefixes are taken before it is read).
    private static ReadOnlySpan<byte> OneByte =>
    [
        M, M, M, M, Ib, Iz, Bad, Bad, M, M, M, M, Ib, Iz, Bad, Escape, // 00
        M, M, M, M, Ib, Iz, Bad, Bad, M, M, M, M, Ib, Iz, Bad, Bad, // 10
        M, M, M, M, Ib, Iz, None, Bad, M, M, M, M, Ib, Iz, None, Bad, // 20
        M, M, M, M, Ib, Iz, None, Bad, M, M, M, M, Ib, Iz, None, Bad, // 30
        None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, // 40 (REX)
        None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, // 50
        Bad, Bad, Evex, M, None, None, None, None, Iz, MIz, Ib, MIb, None, None, None, None, // 60
        Rel8, Rel8, Rel8, Rel8, Rel8, Rel8, Rel8, Rel8, Rel8, Rel8, Rel8, Rel8, Rel8, Rel8, Rel8, Rel8, // 70
        MIb, MIz, Bad, MIb, M, M, M, M, M, M, M, M, M, M, M, M | XopOrPop, // 80
        None, None, None, None, None, None, None, None, None, None, Bad, None, None, None, None, None, // 90
        Moffs, Moffs, Moffs, Moffs, None, None, None, None, Ib, Iz, None, None, None, None, None, None, // A0
        Ib, Ib, Ib, Ib, Ib, Ib, Ib, Ib, Iv, Iv, Iv, Iv, Iv, Iv, Iv, Iv, // B0
        MIb, MIb, Iw, None, Vex3, Vex2, MIb, MIz, IwIb, None, Iw, None, None, Ib, Bad, None, // C0
        M, M, M, M, Bad, Bad, Bad, None, M, M, M, M, M, M, M, M, // D0
        Rel8, Rel8, Rel8, Rel8, Ib, Ib, Ib, Ib, Rel32, Rel32, Bad, Rel8, None, None, None, None, // E0
        None, None, None, None, None, None, M | Group3, M | Group3, None, None, None, None, None, None, M, M, // F0
    ];

    // The two-byte map (0F xx).
    private static ReadOnlySpan<byte> TwoByte =>
    [
        M, M, M, M, Bad, None, None, None, None, None, Bad, None, Bad, M, None, MIb, // 00
        M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, // 10
        M, M, M, M, Bad, Bad, Bad, Bad, M, M, M, M, M, M, M, M, // 20
        None, None, None, None, None, None, Bad, None, Escape, Bad, Escape, Bad, Bad, Bad, Bad, Bad, // 30
        M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, // 40
        M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, // 50
        M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, // 60
        MIb, MIb, MIb, MIb, M, M, M, None, M, M, Bad, Bad, M, M, M, M, // 70
        Rel32, Rel32, Rel32, Rel32, Rel32, Rel32, Rel32, Rel32, Rel32, Rel32, Rel32, Rel32, Rel32, Rel32, Rel32, Rel32, // 80
        M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, // 90
        None, None, None, M, MIb, M, M, M, None, None, None, M, MIb, M, M, M, // A0
        M, M, M, M, M, M, M, M, M, M, MIb, M, M, M, M, M, // B0
        M, M, MIb, M, MIb, MIb, MIb, M, None, None, None, None, None, None, None, None, // C0
        M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, // D0
        M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, // E0
        M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, // F0
    ];

    /// <summary>Decodes the instruction at <paramref name="code"/>, reading no further than it runs (at most 15 bytes).</summary>
    public static DecodedInstruction Decode(byte* code)
    {
        var i = 0;
        var operand16 = false;
        var address32 = false;
        var noVex = false;
        byte rex = 0;
        byte mandatory = 0;
        byte opcode;
        while (true)
        {
            if (i == MaxLength)
            {
                return default;
            }

            opcode = code[i];
            switch (opcode)
            {
                case 0x66:
                    operand16 = true;
                    noVex = true;
                    mandatory = mandatory == 0 ? opcode : mandatory;
                    break;
                case 0xF2 or 0xF3:
                    noVex = true;
                    mandatory = opcode;
                    break;
                case 0xF0:
                    noVex = true;
                    break;
                case 0x67:
                    address32 = true;
                    break;
                case 0x26 or 0x2E or 0x36 or 0x3E or 0x64 or 0x65:
                    break;
                case >= 0x40 and <= 0x4F:
                    // A REX prefix counts only right before the opcode: another prefix after it cancels it.
                    rex = opcode;
                    i++;
                    continue;
                default:
                    goto Opcode;
            }

            rex = 0;
            i++;
        }

    Opcode:
        var wide = (rex & 0x08) != 0;
        var immediateZ = operand16 && !wide ? 2 : 4;
        i++;
        var entry = OneByte[opcode];
        switch (entry & 0x0F)
        {
            case Escape:
                return TwoByteOpcode(code, i, mandatory);
            case Vex2:
                return noVex || rex != 0 ? default : Vex(code, i, 1, map: 1);
            case Vex3:
                return noVex || rex != 0 ? default : Vex(code, i, 2, map: code[i] & 0x1F);
            case Evex:
                return noVex || rex != 0 ? default : EvexInstruction(code, i);
            case XopOrPop when (code[i] & 0x1F) >= 8:
                return noVex || rex != 0 ? default : Xop(code, i);
            case Bad:
                return default;
        }

        // The ModRM byte's reg field picks the instruction of a group (FF: call, jmp; F6/F7: test with an immediate).
        var hasModRm = (entry & HasModRm) != 0;
        var reg = hasModRm ? (code[i] >> 3) & 7 : 0;
        var flow = opcode switch
        {
            >= 0x70 and <= 0x7F or >= 0xE0 and <= 0xE3 => InstructionFlow.ConditionalBranch,
            0xEB or 0xE9 => InstructionFlow.Jump,
            0xE8 => InstructionFlow.Call,
            0xC2 or 0xC3 or 0xCA or 0xCB or 0xCF or 0xCC or 0xCD or 0xF1 => InstructionFlow.Exit,
            0xFF when reg is 2 or 3 => InstructionFlow.Call,
            0xFF when reg is 4 or 5 => InstructionFlow.Exit,
            _ => InstructionFlow.Next,
        };

        if (hasModRm)
        {
            i += ModRmLength(code + i);
            if ((entry & 0x0F) == Group3 && reg < 2)
            {
                i += opcode == 0xF6 ? 1 : immediateZ;
            }
        }

        var immediate = (entry & 0x0F) switch
        {
            Ib => 1,
            Iw => 2,
            Iz => immediateZ,
            Iv => wide ? 8 : immediateZ,
            Moffs => address32 ? 4 : 8,
            IwIb => 3,
            Rel8 => 1,
            Rel32 => 4,
            _ => 0,
        };
        return Finish(code, i, immediate, flow, (entry & 0x0F) is Rel8 or Rel32);
    }

    private static DecodedInstruction TwoByteOpcode(byte* code, int i, byte mandatory)
    {
        var opcode = code[i++];
        if (opcode is 0x38 or 0x3A)
        {
            // The three-byte maps: a ModRM byte after every opcode, and an 8-bit immediate in 0F 3A's.
            i++;
            return Finish(code, i + ModRmLength(code + i), opcode == 0x3A ? 1 : 0, InstructionFlow.Next, false);
        }

        var entry = TwoByte[opcode];
        if ((entry & 0x0F) == Bad)
        {
            return default;
        }

        var flow = opcode switch
        {
            >= 0x80 and <= 0x8F => InstructionFlow.ConditionalBranch,
            0x05 or 0x34 => InstructionFlow.Call, // syscall, sysenter
            0x07 or 0x35 or 0xAA or 0x0B or 0xB9 or 0xFF => InstructionFlow.Exit, // sysret, sysexit, rsm, ud2, ud1, ud0
            0x01 => code[i] switch
            {
                0xC1 or 0xC2 or 0xC3 or 0xD8 or 0xD9 => InstructionFlow.Call, // vmcall, vmlaunch, vmresume, vmrun, vmmcall
                0xDE => InstructionFlow.Exit, // skinit
                _ => InstructionFlow.Next,
            },
            _ => InstructionFlow.Next,
        };
        var immediate = (entry & 0x0F) switch
        {
            Ib => 1,
            Rel32 => 4,
            _ => 0,
        };
        if ((entry & HasModRm) != 0)
        {
            // Moves to and from control and debug registers ignore the mode bits: always a register.
            i += opcode is >= 0x20 and <= 0x23 ? 1 : ModRmLength(code + i);

            // SSE4a's extrq and insertq carry two 8-bit immediates.
            if (opcode == 0x78 && mandatory is 0x66 or 0xF2)
            {
                immediate = 2;
            }
        }

        return Finish(code, i, immediate, flow, flow == InstructionFlow.ConditionalBranch);
    }

    private static DecodedInstruction Vex(byte* code, int i, int payload, int map)
    {
        i += payload;
        var opcode = code[i++];
        return map switch
        {
            // vzeroupper and vzeroall have no ModRM byte.
            1 when opcode == 0x77 => Finish(code, i, 0, InstructionFlow.Next, false),
            1 when (TwoByte[opcode] & HasModRm) == 0 => default,
            1 => Finish(code, i + ModRmLength(code + i), ImmediateOfMap1(opcode), InstructionFlow.Next, false),
            2 => Finish(code, i + ModRmLength(code + i), 0, InstructionFlow.Next, false),
            3 => Finish(code, i + ModRmLength(code + i), 1, InstructionFlow.Next, false),
            _ => default,
        };
    }

    private static DecodedInstruction EvexInstruction(byte* code, int i)
    {
        var p0 = code[i];
        var p1 = code[i + 1];
        if ((p0 & 0x08) != 0 || (p1 & 0x04) == 0)
        {
            return default;
        }

        i += 3;
        var opcode = code[i++];
        var immediate = (p0 & 0x07) switch
        {
            1 => ImmediateOfMap1(opcode),
            3 => 1,
            2 or 5 or 6 => 0,
            _ => -1,
        };

        return immediate < 0 ? default : Finish(code, i + ModRmLength(code + i), immediate, InstructionFlow.Next, false);
    }

    private static DecodedInstruction Xop(byte* code, int i)
    {
        var map = code[i] & 0x1F;
        i += 3;
        var immediate = map switch
        {
            8 => 1,
            9 => 0,
            10 => 4,
            _ => -1,
        };

        return immediate < 0 ? default : Finish(code, i + ModRmLength(code + i), immediate, InstructionFlow.Next, false);
    }

    // In the 0F map of VEX and EVEX, the shuffles, the shifts by an immediate, the compares and the inserts and extracts.
    private static int ImmediateOfMap1(byte opcode) => opcode is >= 0x70 and <= 0x73 or 0xC2 or 0xC4 or 0xC5 or 0xC6 ? 1 : 0;

    private static DecodedInstruction Finish(byte* code, int end, int immediate, InstructionFlow flow, bool relative)
    {
        var length = end + immediate;
        if (length > MaxLength)
        {
            return default;
        }

        var target = 0L;
        if (relative)
        {
            var displacement = immediate == 1 ? *(sbyte*)(code + end) : *(int*)(code + end);
            target = (long)code + length + displacement;
        }

        return new DecodedInstruction(length, flow, target);
    }

    /// <summary>
    /// The bytes of a ModRM byte with its SIB byte and displacement. 32-bit addressing (a 67 prefix) has the same layout
    /// in 64-bit mode; only 16-bit addressing differed, and 64-bit mode has none.
    /// </summary>
    private static int ModRmLength(byte* modRm)
    {
        var mod = *modRm >> 6;
        var rm = *modRm & 7;
        if (mod == 3)
        {
            return 1;
        }

        var length = 1;
        if (rm == 4)
        {
            length++;
            if (mod == 0 && (modRm[1] & 7) == 5)
            {
                return length + 4;
            }
        }
        else if (mod == 0 && rm == 5)
        {
            return length + 4;
        }

        return length + (mod == 1 ? 1 : mod == 2 ? 4 : 0);
    }
}
