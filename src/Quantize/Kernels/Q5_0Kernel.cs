using System.Buffers.Binary;

namespace LlamaEmbed.Quantization;

/// <summary>
/// Q5_0: blocks of 32 values in 22 bytes: an fp16 scale <c>d</c>, a little-endian uint32 of fifth bits (bit j for
/// element j), then 16 bytes of low nibbles laid out like Q4_0; value = d·(q − 16) (ggml's <c>quantize_row_q5_0_ref</c>).
/// </summary>
internal sealed class Q5_0Kernel : IRowKernel
{
    private const int BlockSize = 32;
    private const int BlockBytes = 22;

    public static void QuantizeRow(ReadOnlySpan<float> source, Span<byte> destination)
    {
        for (int block = 0; block < source.Length / BlockSize; block++)
        {
            ReadOnlySpan<float> x = source.Slice(block * BlockSize, BlockSize);
            Span<byte> y = destination.Slice(block * BlockBytes, BlockBytes);

            float max = Q4_0Kernel.SignedAbsMax(x);
            float d = max / -16f;
            float id = d != 0f ? 1f / d : 0f;
            BinaryPrimitives.WriteUInt16LittleEndian(y, ScalarBits.ToHalfBits(d));
            uint qh = 0;
            for (int j = 0; j < BlockSize / 2; j++)
            {
                byte q0 = Q4_0Kernel.Level(x[j] * id, 16.5f, 31);
                byte q1 = Q4_0Kernel.Level(x[j + BlockSize / 2] * id, 16.5f, 31);
                y[6 + j] = (byte)((q0 & 0x0F) | ((q1 & 0x0F) << 4));
                qh |= ((q0 & 0x10u) >> 4) << j;
                qh |= ((q1 & 0x10u) >> 4) << (j + BlockSize / 2);
            }
            BinaryPrimitives.WriteUInt32LittleEndian(y[2..], qh);
        }
    }

    public static void DequantizeRow(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int block = 0; block < destination.Length / BlockSize; block++)
        {
            ReadOnlySpan<byte> x = source.Slice(block * BlockBytes, BlockBytes);
            Span<float> y = destination.Slice(block * BlockSize, BlockSize);
            float d = ScalarBits.FromHalfBits(BinaryPrimitives.ReadUInt16LittleEndian(x));
            uint qh = BinaryPrimitives.ReadUInt32LittleEndian(x[2..]);
            for (int j = 0; j < BlockSize / 2; j++)
            {
                int high0 = (int)((qh >> j) << 4) & 0x10;
                int high1 = (int)(qh >> (j + 12)) & 0x10;
                y[j] = (((x[6 + j] & 0x0F) | high0) - 16) * d;
                y[j + BlockSize / 2] = (((x[6 + j] >> 4) | high1) - 16) * d;
            }
        }
    }
}
