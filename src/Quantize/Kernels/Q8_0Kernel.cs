using System.Buffers.Binary;

namespace LlamaEmbed.Quantization;

/// <summary>
/// Q8_0: blocks of 32 values in 34 bytes, an fp16 scale <c>d</c> then 32 signed bytes; value = d·q
/// (ggml's <c>quantize_row_q8_0_ref</c>).
/// </summary>
internal sealed class Q8_0Kernel : IRowKernel
{
    private const int BlockSize = 32;
    private const int BlockBytes = 34;

    public static void QuantizeRow(ReadOnlySpan<float> source, Span<byte> destination)
    {
        for (int block = 0; block < source.Length / BlockSize; block++)
        {
            ReadOnlySpan<float> x = source.Slice(block * BlockSize, BlockSize);
            Span<byte> y = destination.Slice(block * BlockBytes, BlockBytes);

            if (BlockVectors.IsAccelerated && BlockVectors.AbsMax(x) is var vectorMax && !float.IsNaN(vectorMax))
            {
                float dv = vectorMax / 127f;
                float idv = dv != 0f ? 1f / dv : 0f;
                if (float.IsFinite(idv))
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(y, ScalarBits.ToHalfBits(dv));
                    BlockVectors.RoundScaled(x, idv, y[2..]);
                    continue;
                }
            }
            QuantizeBlock(x, y);
        }
    }

    /// <summary>The scalar reference path (NaN input, or an infinite inverse scale from float-subnormal input).</summary>
    private static void QuantizeBlock(ReadOnlySpan<float> x, Span<byte> y)
    {
        float amax = 0f;
        foreach (float v in x)
        {
            float a = MathF.Abs(v);
            amax = amax > a ? amax : a; // C's MAX macro, NaN behaviour included
        }
        float d = amax / 127f;
        float id = d != 0f ? 1f / d : 0f;
        BinaryPrimitives.WriteUInt16LittleEndian(y, ScalarBits.ToHalfBits(d));
        for (int j = 0; j < BlockSize; j++)
        {
            // The C code rounds with roundf (ties away from zero) and the store keeps the low byte of the int.
            y[2 + j] = (byte)ScalarBits.TruncateToInt32(MathF.Round(x[j] * id, MidpointRounding.AwayFromZero));
        }
    }

    public static void DequantizeRow(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int block = 0; block < destination.Length / BlockSize; block++)
        {
            ReadOnlySpan<byte> x = source.Slice(block * BlockBytes, BlockBytes);
            Span<float> y = destination.Slice(block * BlockSize, BlockSize);
            float d = ScalarBits.FromHalfBits(BinaryPrimitives.ReadUInt16LittleEndian(x));
            for (int j = 0; j < BlockSize; j++)
            {
                y[j] = (sbyte)x[2 + j] * d;
            }
        }
    }
}
