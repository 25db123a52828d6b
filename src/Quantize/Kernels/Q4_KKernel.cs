using System.Buffers.Binary;

namespace LlamaEmbed.Quantization;

/// <summary>
/// Q4_K: super-blocks of 256 values in 144 bytes: fp16 <c>d</c>, fp16 <c>dmin</c>, 12 bytes packing eight 6-bit
/// scales and mins, then 128 bytes of nibbles. Value = d·sc·q − dmin·m per 32-value sub-block
/// (ggml's <c>quantize_row_q4_K_ref</c>, no importance matrix).
/// </summary>
internal sealed class Q4_KKernel : IRowKernel
{
    private const int BlockSize = 256;
    private const int BlockBytes = 144;
    private const int SubBlocks = 8;
    private const int ScalesOffset = 4;
    private const int QsOffset = 16;

    public static void QuantizeRow(ReadOnlySpan<float> source, Span<byte> destination)
    {
        Span<byte> levels = stackalloc byte[BlockSize];
        Span<byte> scratch = stackalloc byte[32];
        Span<float> weights = stackalloc float[32];
        Span<float> mins = stackalloc float[SubBlocks];
        Span<float> scales = stackalloc float[SubBlocks];

        for (int block = 0; block < source.Length / BlockSize; block++)
        {
            ReadOnlySpan<float> x = source.Slice(block * BlockSize, BlockSize);
            Span<byte> y = destination.Slice(block * BlockBytes, BlockBytes);

            float maxScale = 0f;
            float maxMin = 0f;
            for (int j = 0; j < SubBlocks; j++)
            {
                ReadOnlySpan<float> sub = x.Slice(32 * j, 32);
                float sumX2 = 0f;
                foreach (float v in sub)
                {
                    sumX2 += v * v;
                }
                float avX = MathF.Sqrt(sumX2 / 32f);
                for (int l = 0; l < 32; l++)
                {
                    weights[l] = avX + MathF.Abs(sub[l]);
                }
                scales[j] = KQuantSearch.MakeQkx2Quants(sub, weights, 15, levels.Slice(32 * j, 32), out mins[j], scratch, -1f, 0.1f, 20);
                if (scales[j] > maxScale)
                {
                    maxScale = scales[j];
                }
                if (mins[j] > maxMin)
                {
                    maxMin = mins[j];
                }
            }

            float invScale = maxScale > 0f ? 63f / maxScale : 0f;
            float invMin = maxMin > 0f ? 63f / maxMin : 0f;
            Span<byte> packed = y.Slice(ScalesOffset, 12);
            for (int j = 0; j < SubBlocks; j++)
            {
                byte ls = Math.Min((byte)63, (byte)ScalarBits.NearestInt(invScale * scales[j]));
                byte lm = Math.Min((byte)63, (byte)ScalarBits.NearestInt(invMin * mins[j]));
                if (j < 4)
                {
                    packed[j] = ls;
                    packed[j + 4] = lm;
                }
                else
                {
                    packed[j + 4] = (byte)((ls & 0xF) | ((lm & 0xF) << 4));
                    packed[j - 4] |= (byte)((ls >> 4) << 6);
                    packed[j] |= (byte)((lm >> 4) << 6);
                }
            }
            ushort dBits = ScalarBits.ToHalfBits(maxScale / 63f);
            ushort dminBits = ScalarBits.ToHalfBits(maxMin / 63f);
            BinaryPrimitives.WriteUInt16LittleEndian(y, dBits);
            BinaryPrimitives.WriteUInt16LittleEndian(y[2..], dminBits);

            float dStored = ScalarBits.FromHalfBits(dBits);
            float dminStored = ScalarBits.FromHalfBits(dminBits);
            for (int j = 0; j < SubBlocks; j++)
            {
                (byte sc, byte m) = ScaleMin(packed, j);
                float d = dStored * sc;
                if (d == 0f)
                {
                    continue; // keep the levels of the search
                }
                float dm = dminStored * m;
                for (int i = 0; i < 32; i++)
                {
                    int l = ScalarBits.NearestInt((x[32 * j + i] + dm) / d);
                    levels[32 * j + i] = (byte)Math.Max(0, Math.Min(15, l));
                }
            }

            Span<byte> qs = y[QsOffset..];
            for (int chunk = 0; chunk < 4; chunk++)
            {
                for (int l = 0; l < 32; l++)
                {
                    qs[32 * chunk + l] = (byte)(levels[64 * chunk + l] | (levels[64 * chunk + 32 + l] << 4));
                }
            }
        }
    }

    public static void DequantizeRow(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int block = 0; block < destination.Length / BlockSize; block++)
        {
            ReadOnlySpan<byte> x = source.Slice(block * BlockBytes, BlockBytes);
            Span<float> y = destination.Slice(block * BlockSize, BlockSize);
            float d = ScalarBits.FromHalfBits(BinaryPrimitives.ReadUInt16LittleEndian(x));
            float dmin = ScalarBits.FromHalfBits(BinaryPrimitives.ReadUInt16LittleEndian(x[2..]));
            ReadOnlySpan<byte> packed = x.Slice(ScalesOffset, 12);
            ReadOnlySpan<byte> qs = x[QsOffset..];
            for (int chunk = 0; chunk < 4; chunk++)
            {
                (byte sc1, byte m1) = ScaleMin(packed, 2 * chunk);
                (byte sc2, byte m2) = ScaleMin(packed, 2 * chunk + 1);
                float d1 = d * sc1;
                float min1 = dmin * m1;
                float d2 = d * sc2;
                float min2 = dmin * m2;
                for (int l = 0; l < 32; l++)
                {
                    byte q = qs[32 * chunk + l];
                    y[64 * chunk + l] = d1 * (q & 0xF) - min1;
                    y[64 * chunk + 32 + l] = d2 * (q >> 4) - min2;
                }
            }
        }
    }

    /// <summary>Unpacks the 6-bit scale and min of sub-block <paramref name="j"/> (ggml's <c>get_scale_min_k4</c>).</summary>
    internal static (byte Scale, byte Min) ScaleMin(ReadOnlySpan<byte> packed, int j) =>
        j < 4
            ? ((byte)(packed[j] & 63), (byte)(packed[j + 4] & 63))
            : ((byte)((packed[j + 4] & 0xF) | ((packed[j - 4] >> 6) << 4)), (byte)((packed[j + 4] >> 4) | ((packed[j] >> 6) << 4)));
}
