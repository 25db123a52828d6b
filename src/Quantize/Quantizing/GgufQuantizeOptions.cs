namespace LlamaEmbed.Quantization;

/// <summary>How <see cref="GgufQuantizer"/> writes a quantized model.</summary>
public sealed record GgufQuantizeOptions
{
    /// <summary>The target mix.</summary>
    public required GgufQuantizationType Type { get; init; }

    /// <summary>Which implementation runs. By default, <see cref="GgufQuantizerEngine.Native"/> (llama.cpp's own).</summary>
    public GgufQuantizerEngine Engine { get; init; } = GgufQuantizerEngine.Native;

    /// <summary>Threads to use; 0 (the default) uses every core.</summary>
    public int Threads { get; init; }

    /// <summary>Replace an existing output file. By default an existing file is an error and is left untouched.</summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// Accept input tensors that are already quantized (they are dequantized, then quantized again, which loses more
    /// precision than quantizing the float original). By default such input is refused.
    /// </summary>
    public bool AllowRequantize { get; init; }

    /// <summary>
    /// Give every quantizable tensor the mix's base type, without llama.cpp's extra bits for the output and some
    /// attn_v/ffn_down layers (llama.cpp's <c>--pure</c>). Shape fallbacks still apply. Off by default.
    /// </summary>
    public bool Pure { get; init; }

    /// <summary>Per-tensor type rules, first match wins (llama.cpp's <c>--tensor-type</c>). Empty by default.</summary>
    public IReadOnlyList<TensorTypeOverride> TensorTypeOverrides { get; init; } = [];

    /// <summary>Receives progress after each slab of rows (managed) or a few times a second (native); null for none.</summary>
    public IProgress<GgufQuantizationProgress>? Progress { get; init; }
}
