namespace LlamaEmbed.Bench.Infrastructure;

/// <summary>The weight types the embedding benchmarks compare.</summary>
#pragma warning disable CA1707 // ggml's names.
public enum BenchWeights
{
    /// <summary>32-bit floats, as written by the synthetic builder.</summary>
    F32,

    /// <summary>llama_model_quantize's Q8_0 of the F32 file.</summary>
    Q8_0,

    /// <summary>llama_model_quantize's Q4_0 of the F32 file.</summary>
    Q4_0,
}
#pragma warning restore CA1707
