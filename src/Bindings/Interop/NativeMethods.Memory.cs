using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// KV memory of a context (llama.h). <c>llama_memory_t</c> is NULL for models without a cache (gemma-embedding);
/// every function accepts NULL and does nothing (clear/seq_rm return true, pos_min/max -1). The pointer is owned by
/// the context: keep the context alive while using it.
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary><c>llama_memory_t llama_get_memory(const struct llama_context * ctx);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_get_memory(SafeLlamaContextHandle ctx);

    /// <summary><c>void llama_memory_clear(llama_memory_t mem, bool data);</c> data=true also zeroes the buffers.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_memory_clear(nint mem, [MarshalAs(UnmanagedType.U1)] bool data);

    /// <summary><c>bool llama_memory_seq_rm(llama_memory_t mem, llama_seq_id seq_id, llama_pos p0, llama_pos p1);</c> removes [p0,p1); negatives mean "all".</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_memory_seq_rm(nint mem, int seqId, int p0, int p1);

    /// <summary><c>void llama_memory_seq_cp(llama_memory_t mem, llama_seq_id seq_id_src, llama_seq_id seq_id_dst, llama_pos p0, llama_pos p1);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_memory_seq_cp(nint mem, int seqIdSrc, int seqIdDst, int p0, int p1);

    /// <summary><c>void llama_memory_seq_keep(llama_memory_t mem, llama_seq_id seq_id);</c> removes every other sequence.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_memory_seq_keep(nint mem, int seqId);

    /// <summary><c>llama_pos llama_memory_seq_pos_min(llama_memory_t mem, llama_seq_id seq_id);</c> -1 when empty.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_memory_seq_pos_min(nint mem, int seqId);

    /// <summary><c>llama_pos llama_memory_seq_pos_max(llama_memory_t mem, llama_seq_id seq_id);</c> -1 when empty.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_memory_seq_pos_max(nint mem, int seqId);
}
