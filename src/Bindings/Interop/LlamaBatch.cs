using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// <c>struct llama_batch</c>: 56 bytes, passed to <c>llama_decode</c> by value. The arrays it points to are owned by
/// whoever built it (see <see cref="SafeLlamaBatchHandle"/> for native-allocated ones).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaBatch
{
    /// <summary><c>int32_t n_tokens</c>.</summary>
    public int NTokens;

    /// <summary><c>llama_token * token</c>: used when <see cref="Embd"/> is NULL.</summary>
    public int* Token;

    /// <summary><c>float * embd</c>: <c>n_tokens × n_embd</c> input vectors instead of token ids.</summary>
    public float* Embd;

    /// <summary><c>llama_pos * pos</c>: NULL = automatic positions.</summary>
    public int* Pos;

    /// <summary><c>int32_t * n_seq_id</c>: sequence-id count per token.</summary>
    public int* NSeqId;

    /// <summary><c>llama_seq_id ** seq_id</c>: per-token arrays of sequence ids.</summary>
    public int** SeqId;

    /// <summary><c>int8_t * logits</c>: output flag per token; NULL = last token only (all tokens in embedding mode).</summary>
    public sbyte* Logits;
}
