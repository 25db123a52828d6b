using LlamaEmbed.Gguf;

namespace LlamaEmbed.Quantization;

/// <summary>
/// The target mixes <see cref="GgufQuantizer"/> produces, named as llama.cpp names them. Each is a llama.cpp
/// file type (<c>llama_ftype</c>): a base tensor type plus llama_model_quantize's rules for which tensors get more
/// bits (see <see cref="GgufQuantizer.Plan"/>).
/// </summary>
#pragma warning disable CA1707 // The names are llama.cpp's, which users type on the command line.
public enum GgufQuantizationType
{
    /// <summary>8-bit blocks of 32 everywhere (file type 7); the near-lossless choice.</summary>
    Q8_0,

    /// <summary>6-bit k-quant everywhere (file type 18); tensors whose rows are not a multiple of 256 get Q8_0.</summary>
    Q6_K,

    /// <summary>5-bit k-quant mix (file type 17): Q5_K, with Q6_K on the output and on some attn_v/ffn_down layers.</summary>
    Q5_K_M,

    /// <summary>5-bit blocks of 32 (file type 8); the output (or tied token embedding) gets Q6_K.</summary>
    Q5_0,

    /// <summary>4-bit k-quant mix (file type 15): Q4_K, with Q6_K on the output and on some attn_v/ffn_down layers.</summary>
    Q4_K_M,

    /// <summary>4-bit blocks of 32 (file type 2); the output (or tied token embedding) gets Q6_K.</summary>
    Q4_0,

    /// <summary>IEEE half precision for every 2-D weight (file type 1).</summary>
    F16,

    /// <summary>bfloat16 for every 2-D weight (file type 32).</summary>
    BF16,
}
#pragma warning restore CA1707

/// <summary>The llama.cpp facts behind each <see cref="GgufQuantizationType"/>.</summary>
public static class GgufQuantizationTypes
{
    /// <summary>Every type, from fewest bits to most.</summary>
    public static IReadOnlyList<GgufQuantizationType> All { get; } =
    [
        GgufQuantizationType.Q4_0, GgufQuantizationType.Q4_K_M, GgufQuantizationType.Q5_0, GgufQuantizationType.Q5_K_M,
        GgufQuantizationType.Q6_K, GgufQuantizationType.Q8_0, GgufQuantizationType.BF16, GgufQuantizationType.F16,
    ];

    /// <summary>The <c>general.file_type</c> value (<c>enum llama_ftype</c>) written for <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public static uint FileType(GgufQuantizationType type) => type switch
    {
        GgufQuantizationType.Q8_0 => 7,
        GgufQuantizationType.Q6_K => 18,
        GgufQuantizationType.Q5_K_M => 17,
        GgufQuantizationType.Q5_0 => 8,
        GgufQuantizationType.Q4_K_M => 15,
        GgufQuantizationType.Q4_0 => 2,
        GgufQuantizationType.F16 => 1,
        GgufQuantizationType.BF16 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown quantization type."),
    };

    /// <summary>The tensor type most weights get (<c>llama_ftype_get_default_type</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public static GgmlType BaseType(GgufQuantizationType type) => type switch
    {
        GgufQuantizationType.Q8_0 => GgmlType.Q8_0,
        GgufQuantizationType.Q6_K => GgmlType.Q6_K,
        GgufQuantizationType.Q5_K_M => GgmlType.Q5_K,
        GgufQuantizationType.Q5_0 => GgmlType.Q5_0,
        GgufQuantizationType.Q4_K_M => GgmlType.Q4_K,
        GgufQuantizationType.Q4_0 => GgmlType.Q4_0,
        GgufQuantizationType.F16 => GgmlType.F16,
        GgufQuantizationType.BF16 => GgmlType.BF16,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown quantization type."),
    };

    /// <summary>
    /// Parses a type name as users write it: case-insensitive, with or without the underscore
    /// (<c>q4_k_m</c>, <c>Q4KM</c>, <c>q8_0</c>, <c>bf16</c>).
    /// </summary>
    public static bool TryParse(string? text, out GgufQuantizationType type)
    {
        string key = (text ?? "").Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();
        foreach (GgufQuantizationType candidate in Enum.GetValues<GgufQuantizationType>())
        {
            if (string.Equals(candidate.ToString().Replace("_", "", StringComparison.Ordinal), key, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>True for the types made of quantized blocks (not F16/BF16).</summary>
    internal static bool IsQuantized(GgmlType type) =>
        type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 or GgmlType.F64 or GgmlType.I8 or GgmlType.I16 or GgmlType.I32 or GgmlType.I64);
}
