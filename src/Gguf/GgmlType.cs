namespace LlamaEmbed.Gguf;

/// <summary>
/// Tensor element types as stored in GGUF (<c>enum ggml_type</c>; the numeric values are the file format).
/// Removed ids (4, 5, 31–33, 36–38) have no member; see <see cref="GgmlTypeInfo"/> for block sizes.
/// </summary>
#pragma warning disable CA1720, CA1707 // ggml's own names (with type names and underscores) are the vocabulary users know.
public enum GgmlType
{
    /// <summary>32-bit IEEE float.</summary>
    F32 = 0,
    /// <summary>16-bit IEEE float.</summary>
    F16 = 1,
    /// <summary>4-bit, blocks of 32 with an fp16 scale (18 bytes).</summary>
    Q4_0 = 2,
    /// <summary>4-bit, blocks of 32 with fp16 scale and min (20 bytes).</summary>
    Q4_1 = 3,
    /// <summary>5-bit, blocks of 32 with an fp16 scale (22 bytes).</summary>
    Q5_0 = 6,
    /// <summary>5-bit, blocks of 32 with fp16 scale and min (24 bytes).</summary>
    Q5_1 = 7,
    /// <summary>8-bit, blocks of 32 with an fp16 scale (34 bytes).</summary>
    Q8_0 = 8,
    /// <summary>8-bit, blocks of 32 with fp16 scale and sum (36 bytes).</summary>
    Q8_1 = 9,
    /// <summary>2-bit k-quant, super-blocks of 256 (84 bytes).</summary>
    Q2_K = 10,
    /// <summary>3-bit k-quant, super-blocks of 256 (110 bytes).</summary>
    Q3_K = 11,
    /// <summary>4-bit k-quant, super-blocks of 256 (144 bytes).</summary>
    Q4_K = 12,
    /// <summary>5-bit k-quant, super-blocks of 256 (176 bytes).</summary>
    Q5_K = 13,
    /// <summary>6-bit k-quant, super-blocks of 256 (210 bytes).</summary>
    Q6_K = 14,
    /// <summary>8-bit k-quant (intermediate type), super-blocks of 256 (292 bytes).</summary>
    Q8_K = 15,
    /// <summary>i-quant, 256 per block (66 bytes).</summary>
    IQ2_XXS = 16,
    /// <summary>i-quant, 256 per block (74 bytes).</summary>
    IQ2_XS = 17,
    /// <summary>i-quant, 256 per block (98 bytes).</summary>
    IQ3_XXS = 18,
    /// <summary>i-quant, 256 per block (50 bytes).</summary>
    IQ1_S = 19,
    /// <summary>i-quant, 32 per block (18 bytes).</summary>
    IQ4_NL = 20,
    /// <summary>i-quant, 256 per block (110 bytes).</summary>
    IQ3_S = 21,
    /// <summary>i-quant, 256 per block (82 bytes).</summary>
    IQ2_S = 22,
    /// <summary>i-quant, 256 per block (136 bytes).</summary>
    IQ4_XS = 23,
    /// <summary>8-bit integer.</summary>
    I8 = 24,
    /// <summary>16-bit integer.</summary>
    I16 = 25,
    /// <summary>32-bit integer.</summary>
    I32 = 26,
    /// <summary>64-bit integer.</summary>
    I64 = 27,
    /// <summary>64-bit IEEE float.</summary>
    F64 = 28,
    /// <summary>i-quant, 256 per block (56 bytes).</summary>
    IQ1_M = 29,
    /// <summary>bfloat16.</summary>
    BF16 = 30,
    /// <summary>ternary, 256 per block (54 bytes).</summary>
    TQ1_0 = 34,
    /// <summary>ternary, 256 per block (66 bytes).</summary>
    TQ2_0 = 35,
    /// <summary>MX fp4, 32 per block (17 bytes).</summary>
    MXFP4 = 39,
    /// <summary>NV fp4, 64 per block (36 bytes).</summary>
    NVFP4 = 40,
    /// <summary>1-bit, 128 per block (18 bytes).</summary>
    Q1_0 = 41,
    /// <summary>2-bit, 64 per block (18 bytes).</summary>
    Q2_0 = 42,
}
#pragma warning restore CA1720, CA1707
