using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>Batches and running the model (llama.h). Run batches through <see cref="NativeDecode"/>, which checks the return code.</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>
    /// <c>struct llama_batch llama_batch_init(int32_t n_tokens, int32_t embd, int32_t n_seq_max);</c> mallocs every
    /// array for <c>n_tokens</c> entries (tokens if <c>embd == 0</c>, else vectors), <c>n_seq_max</c> ids per token;
    /// contents uninitialised, <c>n_tokens</c> 0. Use <see cref="SafeLlamaBatchHandle.Create"/>.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaBatch llama_batch_init(int nTokens, int embd, int nSeqMax);

    /// <summary><c>void llama_batch_free(struct llama_batch batch);</c> only for batches from <c>llama_batch_init</c>.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_batch_free(LlamaBatch batch);

    /// <summary>
    /// <c>int32_t llama_decode(struct llama_context * ctx, struct llama_batch batch);</c> 0 ok, 1 no KV slot, 2 aborted,
    /// -1 invalid batch, &lt; -1 fatal. Routes to encode for models without memory (gemma-embedding). Asserts (kills
    /// the process) when <c>n_tokens &gt; n_batch</c>, or <c>n_tokens &gt; n_ubatch</c> with non-causal attention.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_decode(SafeLlamaContextHandle ctx, LlamaBatch batch);

    /// <summary>
    /// <c>int32_t llama_encode(struct llama_context * ctx, struct llama_batch batch);</c> Declared for completeness and
    /// never called: on a KV-cache decoder model (gemma3, qwen2) it <b>segfaults</b>. Use <see cref="llama_decode"/>,
    /// which encodes by itself where that is right.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_encode(SafeLlamaContextHandle ctx, LlamaBatch batch);
}
