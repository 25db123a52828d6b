using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>Attention direction for a <c>gemma3</c> output (written as <c>gemma3.attention.causal</c>).</summary>
public enum AttentionMode
{
    /// <summary>Each token sees only earlier tokens (Gemma-3's training setup; use with last-token or mean pooling).</summary>
    Causal,

    /// <summary>Every token sees every other token (bi-encoder fine-tunes).</summary>
    Bidirectional,
}

/// <summary>Choices for <see cref="GgufConverter.Convert"/>.</summary>
public sealed record ConversionOptions
{
    /// <summary>The output type of the large weights: <see cref="GgmlType.F32"/>, <see cref="GgmlType.F16"/>,
    /// <see cref="GgmlType.BF16"/>, <see cref="GgmlType.Q8_0"/> or <see cref="GgmlType.Q4_0"/>. Null picks like
    /// llama.cpp's <c>--outtype auto</c>: BF16 for a BF16 checkpoint, else F16. Norms, biases and 1-D tensors are
    /// always F32; a quantized type falls back to F16 for a tensor whose rows are not a multiple of 32.</summary>
    public GgmlType? OutputType { get; init; }

    /// <summary>Attention direction for <c>gemma3</c> outputs; null takes the checkpoint's own setting (causal unless
    /// its config says bidirectional). Refused for other architectures.</summary>
    public AttentionMode? Attention { get; init; }

    /// <summary>Pooling override: <c>mean</c>, <c>cls</c>, <c>last</c> or <c>none</c>; null takes the
    /// sentence-transformers Pooling module.</summary>
    public string? Pooling { get; init; }

    /// <summary>A PEFT LoRA adapter folder to merge; null looks in the checkpoint folder and its subfolders.</summary>
    public string? LoraDirectory { get; init; }

    /// <summary>Profile override (see <see cref="LlamaEmbedKeys.Profiles"/>); null infers it from the checkpoint.</summary>
    public string? Profile { get; init; }

    /// <summary>Threads for encoding tensors; −1 uses every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>The output types the converter writes.</summary>
    public static IReadOnlyList<GgmlType> SupportedOutputTypes { get; } =
        [GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0];
}
