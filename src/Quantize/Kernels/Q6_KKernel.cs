using System.Buffers.Binary;

namespace LlamaEmbed.Quantization;

/// <summary>
/// Q6_K: super-blocks of 256 values in 210 bytes: 128 bytes of low nibbles, 64 bytes of high 2-bit pairs, sixteen
/// signed 8-bit sub-block scales, then an fp16 <c>d</c>. Value = d·scale·(q − 32) per 16-value sub-block
/// (ggml's <c>quantize_row_q6_K_ref</c>, no importance matrix).
/// </summary>
internal sealed class Q6_KKernel : IRowKernel
{
    private const int BlockSize = 256;
    private const int BlockBytes = 210;
    private const int SubBlocks = 16;
    private const int QhOffset = 128;
    private const int ScalesOffset = 192;
    private const int DOffset = 208;

    public static void QuantizeRow(ReadOnlySpan<float> source, Span<byte> destination)
    {
        Span<sbyte> levels = stackalloc sbyte[BlockSize];
        Span<float> scales = stackalloc float[SubBlocks];

        for (int block = 0; block < source.Length / BlockSize; block++)
        {
            ReadOnlySpan<float> x = source.Slice(block * BlockSize, BlockSize);
            Span<byte> y = destination.Slice(block * BlockBytes, BlockBytes);

            float maxScale = 0f;
            float maxAbsScale = 0f;
            for (int ib = 0; ib < SubBlocks; ib++)
            {
                float scale = KQuantSearch.MakeQxQuants(x.Slice(16 * ib, 16), 32, levels.Slice(16 * ib, 16));
                scales[ib] = scale;
                float absScale = MathF.Abs(scale);
                if (absScale > maxAbsScale)
                {
                    maxAbsScale = absScale;
                    maxScale = scale;
                }
            }

            if (maxAbsScale < KQuantSearch.GroupMaxEpsilon)
            {
                y.Clear(); // all levels, scales and d are zero (fp16 0 is 0x0000)
                continue;
            }

            float iscale = -128f / maxScale;
            ushort dBits = ScalarBits.ToHalfBits(1f / iscale);
            BinaryPrimitives.WriteUInt16LittleEndian(y[DOffset..], dBits);
            Span<byte> subScales = y.Slice(ScalesOffset, SubBlocks);
            for (int ib = 0; ib < SubBlocks; ib++)
            {
                subScales[ib] = (byte)Math.Min(127, ScalarBits.NearestInt(iscale * scales[ib]));
            }

            float dStored = ScalarBits.FromHalfBits(dBits);
            for (int j = 0; j < SubBlocks; j++)
            {
                float d = dStored * (sbyte)subScales[j];
                if (d == 0f)
                {
                    continue; // keep the levels of the search
                }
                for (int i = 0; i < 16; i++)
                {
                    int l = ScalarBits.NearestInt(x[16 * j + i] / d);
                    levels[16 * j + i] = (sbyte)(Math.Max(-32, Math.Min(31, l)) + 32);
                }
            }

            Span<byte> ql = y[..QhOffset];
            Span<byte> qh = y.Slice(QhOffset, 64);
            for (int half = 0; half < 2; half++)
            {
                int j = 128 * half;
                for (int l = 0; l < 32; l++)
                {
                    int q1 = levels[j + l];
                    int q2 = levels[j + l + 32];
                    int q3 = levels[j + l + 64];
                    int q4 = levels[j + l + 96];
                    ql[64 * half + l] = (byte)((q1 & 0xF) | ((q3 & 0xF) << 4));
                    ql[64 * half + l + 32] = (byte)((q2 & 0xF) | ((q4 & 0xF) << 4));
                    qh[32 * half + l] = (byte)((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
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
            float d = ScalarBits.FromHalfBits(BinaryPrimitives.ReadUInt16LittleEndian(x[DOffset..]));
            for (int half = 0; half < 2; half++)
            {
                ReadOnlySpan<byte> ql = x.Slice(64 * half, 64);
                ReadOnlySpan<byte> qh = x.Slice(QhOffset + 32 * half, 32);
                ReadOnlySpan<byte> sc = x.Slice(ScalesOffset + 8 * half, 8);
                Span<float> yh = y.Slice(128 * half, 128);
                for (int l = 0; l < 32; l++)
                {
                    int s = l / 16;
                    int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                    int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                    int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                    int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                    yh[l] = d * (sbyte)sc[s] * q1;
                    yh[l + 32] = d * (sbyte)sc[s + 2] * q2;
                    yh[l + 64] = d * (sbyte)sc[s + 4] * q3;
                    yh[l + 96] = d * (sbyte)sc[s + 6] * q4;
                }
            }
        }
    }
}
