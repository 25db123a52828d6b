using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// Reading results after a decode (llama.h). The buffers belong to the context and are overwritten or cleared by the
/// next decode: copy them out before the next call.
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary><c>float * llama_get_embeddings(struct llama_context * ctx);</c> <c>[n_outputs × n_embd_out]</c>, pooling NONE only.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial float* llama_get_embeddings(SafeLlamaContextHandle ctx);

    /// <summary><c>float * llama_get_embeddings_ith(struct llama_context * ctx, int32_t i);</c> per-token vector; only meaningful with pooling NONE (stale otherwise).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial float* llama_get_embeddings_ith(SafeLlamaContextHandle ctx, int i);

    /// <summary><c>float * llama_get_embeddings_seq(struct llama_context * ctx, llama_seq_id seq_id);</c> the pooled vector (n_embd_out floats, n_cls_out for RANK); NULL with pooling NONE or an absent sequence.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial float* llama_get_embeddings_seq(SafeLlamaContextHandle ctx, int seqId);

    /// <summary><c>float * llama_get_logits(struct llama_context * ctx);</c> all output rows in batch order, n_vocab floats each.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial float* llama_get_logits(SafeLlamaContextHandle ctx);

    /// <summary><c>float * llama_get_logits_ith(struct llama_context * ctx, int32_t i);</c> -1 = last output; NULL (and an ERROR line) if token i was not flagged as an output.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial float* llama_get_logits_ith(SafeLlamaContextHandle ctx, int i);
}
