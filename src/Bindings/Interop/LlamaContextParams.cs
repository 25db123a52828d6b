using System.Runtime.InteropServices;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// <c>struct llama_context_params</c>: 160 bytes, align 8. Start from <see cref="NativeMethods.llama_context_default_params"/>.
/// Non-causal models need <c>n_ubatch &gt;= tokens per call</c> and embedding contexts need <c>n_ubatch</c> to be a
/// multiple of <c>n_seq_max</c>; both are process-killing asserts in native code, so derive them in managed code.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaContextParams
{
    /// <summary><c>uint32_t n_ctx</c>: context size; 0 = from the model. Rounded up to a multiple of 256.</summary>
    public uint NCtx;

    /// <summary><c>uint32_t n_batch</c>: the most tokens one decode call may carry.</summary>
    public uint NBatch;

    /// <summary><c>uint32_t n_ubatch</c>: the physical micro-batch.</summary>
    public uint NUbatch;

    /// <summary><c>uint32_t n_seq_max</c>: distinct sequences (at most 256).</summary>
    public uint NSeqMax;

    /// <summary><c>uint32_t n_rs_seq</c>.</summary>
    public uint NRsSeq;

    /// <summary><c>uint32_t n_outputs_max</c>: 0 = n_batch.</summary>
    public uint NOutputsMax;

    /// <summary><c>uint32_t n_outputs_max_per_seq</c> (backend samplers only).</summary>
    public uint NOutputsMaxPerSeq;

    /// <summary><c>int32_t n_threads</c>: threads for single-token micro-batches (generation).</summary>
    public int NThreads;

    /// <summary><c>int32_t n_threads_batch</c>: threads for micro-batches with more than one token.</summary>
    public int NThreadsBatch;

    /// <summary><c>enum llama_context_type ctx_type</c>: 0 DEFAULT, 1 MTP.</summary>
    public int CtxType;

    /// <summary><c>enum llama_rope_scaling_type rope_scaling_type</c>.</summary>
    public LlamaRopeScalingType RopeScalingType;

    /// <summary><c>enum llama_pooling_type pooling_type</c>.</summary>
    public LlamaPoolingType PoolingType;

    /// <summary><c>enum llama_attention_type attention_type</c>.</summary>
    public LlamaAttentionType AttentionType;

    /// <summary><c>enum llama_flash_attn_type flash_attn_type</c>.</summary>
    public LlamaFlashAttnType FlashAttnType;

    /// <summary><c>float rope_freq_base</c>: 0 = from the model.</summary>
    public float RopeFreqBase;

    /// <summary><c>float rope_freq_scale</c>: 0 = from the model.</summary>
    public float RopeFreqScale;

    /// <summary><c>float yarn_ext_factor</c>: negative = from the model.</summary>
    public float YarnExtFactor;

    /// <summary><c>float yarn_attn_factor</c>.</summary>
    public float YarnAttnFactor;

    /// <summary><c>float yarn_beta_fast</c>.</summary>
    public float YarnBetaFast;

    /// <summary><c>float yarn_beta_slow</c>.</summary>
    public float YarnBetaSlow;

    /// <summary><c>uint32_t yarn_orig_ctx</c>.</summary>
    public uint YarnOrigCtx;

    /// <summary><c>float defrag_thold</c> (deprecated, ignored).</summary>
    public float DefragThold;

    /// <summary><c>ggml_backend_sched_eval_callback cb_eval</c>.</summary>
    public nint CbEval;

    /// <summary><c>void * cb_eval_user_data</c>.</summary>
    public nint CbEvalUserData;

    /// <summary><c>enum ggml_type type_k</c>: K cache type (F16 by default).</summary>
    public GgmlType TypeK;

    /// <summary><c>enum ggml_type type_v</c>: V cache type (F16 by default; quantized needs flash attention).</summary>
    public GgmlType TypeV;

    /// <summary><c>ggml_abort_callback abort_callback</c>: <c>bool (*)(void * data)</c>, polled between graph nodes.</summary>
    public nint AbortCallback;

    /// <summary><c>void * abort_callback_data</c>.</summary>
    public nint AbortCallbackData;

    private byte _embeddings;
    private byte _offloadKqv;
    private byte _noPerf;
    private byte _opOffload;
    private byte _swaFull;
    private byte _kvUnified;

    /// <summary><c>struct llama_sampler_seq_config * samplers</c> (experimental backend sampling).</summary>
    public nint Samplers;

    /// <summary><c>size_t n_samplers</c>.</summary>
    public nuint NSamplers;

    /// <summary><c>struct llama_context * ctx_other</c>.</summary>
    public nint CtxOther;

    /// <summary><c>bool embeddings</c>: extract embeddings (every token becomes an output).</summary>
    public bool Embeddings { readonly get => _embeddings != 0; set => _embeddings = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool offload_kqv</c>: keep the KV cache and KQV ops on the GPU.</summary>
    public bool OffloadKqv { readonly get => _offloadKqv != 0; set => _offloadKqv = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool no_perf</c>: skip performance timings.</summary>
    public bool NoPerf { readonly get => _noPerf != 0; set => _noPerf = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool op_offload</c>: offload host tensor operations to the device.</summary>
    public bool OpOffload { readonly get => _opOffload != 0; set => _opOffload = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool swa_full</c>: full-size sliding-window cache.</summary>
    public bool SwaFull { readonly get => _swaFull != 0; set => _swaFull = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool kv_unified</c>: one KV buffer shared by all sequences (needed for mixed-length embedding batches on KV models).</summary>
    public bool KvUnified { readonly get => _kvUnified != 0; set => _kvUnified = value ? (byte)1 : (byte)0; }
}
