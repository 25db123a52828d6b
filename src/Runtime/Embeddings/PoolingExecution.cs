namespace LlamaEmbed.Embeddings;

/// <summary>Where pooling runs. Both paths give the same vectors (cosine ≥ 0.9999); they differ in speed and in what they support.</summary>
public enum PoolingExecution
{
    /// <summary>
    /// <see cref="Native"/> unless the model needs what only the managed path does (mean pooling that leaves the
    /// prompt tokens out); then <see cref="Managed"/>.
    /// </summary>
    /// <remarks>
    /// Native is the default because it does less work: llama.cpp applies EmbeddingGemma's Dense layers once per text
    /// instead of once per token (about 1.5% of the model's compute) and hands back one vector per text instead of
    /// one per token. A quick interleaved timing (EmbeddingGemma-300m shape, 16 texts / 443 tokens per call, 2
    /// threads on a heavily shared 2-core machine) agreed on the best runs (6.8 s native, 10.9 s managed) but was
    /// too noisy to rank the medians; the benchmarks record it properly.
    /// </remarks>
    Auto = 0,

    /// <summary>llama.cpp pools inside its graph (<c>pooling_type</c> MEAN/CLS/LAST) and returns one vector per sequence.</summary>
    Native = 1,

    /// <summary>
    /// llama.cpp returns every token's state (<c>pooling_type</c> NONE) and LlamaEmbed pools them with
    /// <c>TensorPrimitives</c>; supports leaving prompt tokens out of the mean.
    /// </summary>
    Managed = 2,
}
