using LlamaEmbed.Native.Interop;

namespace LlamaEmbed.Embeddings.Engine;

/// <summary>What every worker's context is created with, and how it pools.</summary>
internal sealed record WorkerSettings
{
    /// <summary>Tokens and sequences per call.</summary>
    public required CallShape Shape { get; init; }

    /// <summary>Threads for each context's compute.</summary>
    public required int Threads { get; init; }

    /// <summary>Pooling.</summary>
    public required EmbeddingPooling Pooling { get; init; }

    /// <summary>True for llama.cpp's in-graph pooling, false for per-token states pooled in managed code.</summary>
    public required bool NativePooling { get; init; }

    /// <summary>Whether mean pooling includes the prompt tokens (managed pooling only when false).</summary>
    public required bool IncludePrompt { get; init; }

    /// <summary>The context's attention type.</summary>
    public required LlamaAttentionType Attention { get; init; }

    /// <summary>Floats per pooled or per-token vector (<c>n_embd_out</c>).</summary>
    public required int PooledDimensions { get; init; }

    /// <summary>The <c>llama_pooling_type</c> the context is created with.</summary>
    public LlamaPoolingType ContextPooling => !NativePooling ? LlamaPoolingType.None : Pooling switch
    {
        EmbeddingPooling.Cls => LlamaPoolingType.Cls,
        EmbeddingPooling.Last => LlamaPoolingType.Last,
        _ => LlamaPoolingType.Mean,
    };
}
