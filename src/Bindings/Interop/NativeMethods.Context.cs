using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>Context creation, settings and getters (llama.h). A context is used by one thread at a time.</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary><c>struct llama_context_params llama_context_default_params(void);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaContextParams llama_context_default_params();

    /// <summary><c>struct llama_context * llama_init_from_model(struct llama_model * model, struct llama_context_params params);</c> NULL on failure.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_init_from_model(SafeLlamaModelHandle model, LlamaContextParams contextParams);

    /// <summary><c>void llama_free(struct llama_context * ctx);</c> Only <see cref="SafeLlamaContextHandle"/> calls it.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_free(nint ctx);

    /// <summary><c>uint32_t llama_n_ctx(const struct llama_context * ctx);</c> the effective (rounded) context size.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial uint llama_n_ctx(SafeLlamaContextHandle ctx);

    /// <summary><c>uint32_t llama_n_ctx_seq(const struct llama_context * ctx);</c> the context available to one sequence.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial uint llama_n_ctx_seq(SafeLlamaContextHandle ctx);

    /// <summary><c>uint32_t llama_n_batch(const struct llama_context * ctx);</c> the most tokens one decode may carry.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial uint llama_n_batch(SafeLlamaContextHandle ctx);

    /// <summary><c>uint32_t llama_n_ubatch(const struct llama_context * ctx);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial uint llama_n_ubatch(SafeLlamaContextHandle ctx);

    /// <summary><c>uint32_t llama_n_seq_max(const struct llama_context * ctx);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial uint llama_n_seq_max(SafeLlamaContextHandle ctx);

    /// <summary><c>enum llama_pooling_type llama_pooling_type(const struct llama_context * ctx);</c> the effective pooling.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaPoolingType llama_pooling_type(SafeLlamaContextHandle ctx);

    /// <summary><c>void llama_set_n_threads(struct llama_context * ctx, int32_t n_threads, int32_t n_threads_batch);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_set_n_threads(SafeLlamaContextHandle ctx, int nThreads, int nThreadsBatch);

    /// <summary><c>int32_t llama_n_threads(struct llama_context * ctx);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_n_threads(SafeLlamaContextHandle ctx);

    /// <summary><c>int32_t llama_n_threads_batch(struct llama_context * ctx);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_n_threads_batch(SafeLlamaContextHandle ctx);

    /// <summary><c>void llama_set_embeddings(struct llama_context * ctx, bool embeddings);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_set_embeddings(SafeLlamaContextHandle ctx, [MarshalAs(UnmanagedType.U1)] bool embeddings);

    /// <summary><c>void llama_set_causal_attn(struct llama_context * ctx, bool causal_attn);</c> Triggers a graph re-reserve.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_set_causal_attn(SafeLlamaContextHandle ctx, [MarshalAs(UnmanagedType.U1)] bool causalAttn);

    /// <summary>
    /// <c>void llama_set_abort_callback(struct llama_context * ctx, ggml_abort_callback abort_callback, void * abort_callback_data);</c>
    /// with <c>typedef bool (*ggml_abort_callback)(void * data);</c>, polled on the calling thread between graph
    /// nodes; returning true makes the running decode return 2. Honoured by the CPU backend.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_set_abort_callback(SafeLlamaContextHandle ctx, delegate* unmanaged[Cdecl]<void*, byte> abortCallback, void* abortCallbackData);

    /// <summary><c>void llama_synchronize(struct llama_context * ctx);</c> waits for queued backend work; every getter already does it.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_synchronize(SafeLlamaContextHandle ctx);
}
