using Iced.Intel;

namespace Sightline.Patching.Internal.Native;

/// <summary>
/// Measures how many bytes at the start of compiled code certainly belong to the method, so a jump never
/// overwrites the next method. Decoding stops at the first unconditional exit (ret, jmp, int3, ud2) unless a
/// forward branch seen so far lands beyond it, so the answer is a lower bound, never an overestimate.
/// </summary>
internal static unsafe class CodeExtent
{
    public static int MeasureAtLeast(IntPtr code, int wanted)
    {
        var reader = new PointerCodeReader((byte*)code);
        var decoder = Decoder.Create(64, reader, (ulong)code);
        var start = (ulong)code;
        ulong furthestTarget = start;
        var length = 0;
        while (length < wanted)
        {
            decoder.Decode(out var instruction);
            if (instruction.IsInvalid)
            {
                return length;
            }

            length += instruction.Length;
            switch (instruction.FlowControl)
            {
                case FlowControl.ConditionalBranch:
                case FlowControl.UnconditionalBranch when instruction.IsJmpShortOrNear:
                    if (instruction.NearBranchTarget > furthestTarget && instruction.NearBranchTarget < start + 4096)
                    {
                        furthestTarget = instruction.NearBranchTarget;
                    }

                    if (instruction.FlowControl == FlowControl.UnconditionalBranch && furthestTarget <= start + (ulong)length)
                    {
                        return length;
                    }

                    break;
                case FlowControl.Return:
                case FlowControl.UnconditionalBranch:
                case FlowControl.IndirectBranch:
                case FlowControl.Interrupt:
                case FlowControl.Exception:
                    if (furthestTarget <= start + (ulong)length)
                    {
                        return length;
                    }

                    break;
            }
        }

        return length;
    }

    /// <summary>
    /// The offset a call instruction within the first <paramref name="length"/> bytes returns to, when that offset is
    /// strictly inside them (a thread in the callee would come back into the middle of a jump written there); else 0.
    /// </summary>
    public static int CallReturningInside(IntPtr code, int length)
    {
        var decoder = Decoder.Create(64, new PointerCodeReader((byte*)code), (ulong)code);
        var offset = 0;
        while (offset < length)
        {
            decoder.Decode(out var instruction);
            if (instruction.IsInvalid)
            {
                return 0;
            }

            offset += instruction.Length;
            if (instruction.FlowControl is FlowControl.Call or FlowControl.IndirectCall && offset < length)
            {
                return offset;
            }
        }

        return 0;
    }

    private sealed class PointerCodeReader(byte* start) : CodeReader
    {
        private byte* _next = start;

        public override int ReadByte() => *_next++;
    }
}
