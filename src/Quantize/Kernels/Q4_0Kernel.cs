using System.Buffers.Binary;

namespace LlamaEmbed.Quantization;

/// <summary>
/// Q4_0: blocks of 32 values in 18 bytes, an fp16 scale <c>d</c> then 16 bytes of nibbles (element j low, element
/// j+16 high); value = d·(q − 8) (ggml's <c>quantize_row_q4_0_ref</c>).
/// </summary>
internal sealed class Q4_0Kernel : IRowKernel
{
    private const int BlockSize = 32;
    private const int BlockBytes = 18;

    public static void QuantizeRow(ReadOnlySpan<float> source, Span<byte> destination)
    {
        for (int block = 0; block < source.Length / BlockSize; block++)
        {
            ReadOnlySpan<float> x = source.Slice(block * BlockSize, BlockSize);
            Span<byte> y = destination.Slice(block * BlockBytes, BlockBytes);

            if (BlockVectors.IsAccelerated && BlockVectors.AbsMax(x) is var amax && !float.IsNaN(amax))
            {
                float dv = FirstWithMagnitude(x, amax) / -8f;
                float idv = dv != 0f ? 1f / dv : 0f;
                if (float.IsFinite(idv))
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(y, ScalarBits.ToHalfBits(dv));
                    BlockVectors.Q4Nibbles(x, idv, y[2..]);
                    continue;
                }
            }
            QuantizeBlock(x, y);
        }
    }

    /// <summary>The scalar reference path (NaN input, or an infinite inverse scale from float-subnormal input).</summary>
    private static void QuantizeBlock(ReadOnlySpan<float> x, Span<byte> y)
    {
        float max = SignedAbsMax(x);
        float d = max / -8f;
        float id = d != 0f ? 1f / d : 0f;
        BinaryPrimitives.WriteUInt16LittleEndian(y, ScalarBits.ToHalfBits(d));
        for (int j = 0; j < BlockSize / 2; j++)
        {
            byte q0 = Level(x[j] * id, 8.5f, 15);
            byte q1 = Level(x[j + BlockSize / 2] * id, 8.5f, 15);
            y[2 + j] = (byte)(q0 | (q1 << 4));
        }
    }

    /// <summary>
    /// The first value whose magnitude is <paramref name="amax"/> (sign kept), which is what the reference's strict
    /// running comparison selects; 0 when <paramref name="amax"/> is 0.
    /// </summary>
    private static float FirstWithMagnitude(ReadOnlySpan<float> x, float amax)
    {
        if (amax == 0f)
        {
            return 0f;
        }
        foreach (float v in x)
        {
            if (MathF.Abs(v) == amax)
            {
                return v;
            }
        }
        return 0f;
    }

    public static void DequantizeRow(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int block = 0; block < destination.Length / BlockSize; block++)
        {
            ReadOnlySpan<byte> x = source.Slice(block * BlockBytes, BlockBytes);
            Span<float> y = destination.Slice(block * BlockSize, BlockSize);
            float d = ScalarBits.FromHalfBits(BinaryPrimitives.ReadUInt16LittleEndian(x));
            for (int j = 0; j < BlockSize / 2; j++)
            {
                y[j] = ((x[2 + j] & 0x0F) - 8) * d;
                y[j + BlockSize / 2] = ((x[2 + j] >> 4) - 8) * d;
            }
        }
    }

    /// <summary>
    /// The value with the largest magnitude, sign kept; the first one wins a tie (strict comparison, both running
    /// values start at zero), as in the Q4_0/Q5_0 reference.
    /// </summary>
    internal static float SignedAbsMax(ReadOnlySpan<float> x)
    {
        float amax = 0f;
        float max = 0f;
        foreach (float v in x)
        {
            if (amax < MathF.Abs(v))
            {
                amax = MathF.Abs(v);
                max = v;
            }
        }
        return max;
    }

    /// <summary>
    /// <c>(uint8_t)MIN(top, (int8_t)(scaled + offset))</c>: truncation through an int8, a signed minimum, then the
    /// low byte, exactly as the reference stores a level.
    /// </summary>
    internal static byte Level(float scaled, float offset, int top) =>
        (byte)Math.Min(top, (sbyte)ScalarBits.TruncateToInt32(scaled + offset));
}
