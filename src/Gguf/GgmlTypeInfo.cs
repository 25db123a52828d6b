namespace LlamaEmbed.Gguf;

/// <summary>Block geometry of each <see cref="GgmlType"/>: how many values a block holds and how many bytes it takes.</summary>
public static class GgmlTypeInfo
{
    /// <summary>One past the largest type id this build of ggml knows (<c>GGML_TYPE_COUNT</c>).</summary>
    public const int TypeCount = 43;

    private static readonly (int BlockSize, int BlockBytes)[] s_table = BuildTable();

    /// <summary>True when <paramref name="type"/> is a type id ggml accepts in a GGUF file (not removed, in range).</summary>
    public static bool IsKnown(GgmlType type) => (uint)type < TypeCount && s_table[(int)type].BlockSize != 0;

    /// <summary>Values per block (1 for plain float and integer types).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The type id is unknown or removed.</exception>
    public static int BlockSize(GgmlType type) => Entry(type).BlockSize;

    /// <summary>Bytes per block.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The type id is unknown or removed.</exception>
    public static int BlockBytes(GgmlType type) => Entry(type).BlockBytes;

    /// <summary>Bytes of one row of <paramref name="rowLength"/> values (<c>ggml_row_size</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="rowLength"/> is negative or not a multiple of the block size.</exception>
    public static long RowBytes(GgmlType type, long rowLength)
    {
        var (blockSize, blockBytes) = Entry(type);
        if (rowLength < 0 || rowLength % blockSize != 0)
        {
            throw new ArgumentException($"A row of {type} must be a non-negative multiple of {blockSize} values, not {rowLength}.", nameof(rowLength));
        }
        return rowLength / blockSize * blockBytes;
    }

    /// <summary>
    /// Bytes of a tensor with dimensions <paramref name="shape"/> in ggml order (<c>shape[0]</c> contiguous).
    /// Returns false on overflow, negative dimensions or a first dimension that is not a multiple of the block size.
    /// </summary>
    public static bool TryGetTensorBytes(GgmlType type, ReadOnlySpan<long> shape, out long bytes)
    {
        bytes = 0;
        if (!IsKnown(type))
        {
            return false;
        }
        var (blockSize, blockBytes) = s_table[(int)type];
        long rows = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                return false;
            }
            if (i > 0)
            {
                if (shape[i] != 0 && rows > long.MaxValue / shape[i])
                {
                    return false;
                }
                rows *= shape[i];
            }
        }
        long ne0 = shape.Length > 0 ? shape[0] : 1;
        if (ne0 % blockSize != 0)
        {
            return false;
        }
        long rowBytes = ne0 / blockSize * blockBytes;
        if (rows != 0 && rowBytes > long.MaxValue / rows)
        {
            return false;
        }
        bytes = rowBytes * rows;
        return true;
    }

    private static (int BlockSize, int BlockBytes) Entry(GgmlType type) =>
        IsKnown(type) ? s_table[(int)type] : throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown or removed ggml type id.");

    private static (int, int)[] BuildTable()
    {
        var t = new (int, int)[TypeCount];
        t[(int)GgmlType.F32] = (1, 4);
        t[(int)GgmlType.F16] = (1, 2);
        t[(int)GgmlType.Q4_0] = (32, 18);
        t[(int)GgmlType.Q4_1] = (32, 20);
        t[(int)GgmlType.Q5_0] = (32, 22);
        t[(int)GgmlType.Q5_1] = (32, 24);
        t[(int)GgmlType.Q8_0] = (32, 34);
        t[(int)GgmlType.Q8_1] = (32, 36);
        t[(int)GgmlType.Q2_K] = (256, 84);
        t[(int)GgmlType.Q3_K] = (256, 110);
        t[(int)GgmlType.Q4_K] = (256, 144);
        t[(int)GgmlType.Q5_K] = (256, 176);
        t[(int)GgmlType.Q6_K] = (256, 210);
        t[(int)GgmlType.Q8_K] = (256, 292);
        t[(int)GgmlType.IQ2_XXS] = (256, 66);
        t[(int)GgmlType.IQ2_XS] = (256, 74);
        t[(int)GgmlType.IQ3_XXS] = (256, 98);
        t[(int)GgmlType.IQ1_S] = (256, 50);
        t[(int)GgmlType.IQ4_NL] = (32, 18);
        t[(int)GgmlType.IQ3_S] = (256, 110);
        t[(int)GgmlType.IQ2_S] = (256, 82);
        t[(int)GgmlType.IQ4_XS] = (256, 136);
        t[(int)GgmlType.I8] = (1, 1);
        t[(int)GgmlType.I16] = (1, 2);
        t[(int)GgmlType.I32] = (1, 4);
        t[(int)GgmlType.I64] = (1, 8);
        t[(int)GgmlType.F64] = (1, 8);
        t[(int)GgmlType.IQ1_M] = (256, 56);
        t[(int)GgmlType.BF16] = (1, 2);
        t[(int)GgmlType.TQ1_0] = (256, 54);
        t[(int)GgmlType.TQ2_0] = (256, 66);
        t[(int)GgmlType.MXFP4] = (32, 17);
        t[(int)GgmlType.NVFP4] = (64, 36);
        t[(int)GgmlType.Q1_0] = (128, 18);
        t[(int)GgmlType.Q2_0] = (64, 18);
        return t;
    }
}
