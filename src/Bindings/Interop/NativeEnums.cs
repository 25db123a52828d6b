namespace LlamaEmbed.Native.Interop;

/// <summary><c>enum ggml_log_level</c> (ggml.h).</summary>
internal enum GgmlLogLevel
{
    /// <summary><c>GGML_LOG_LEVEL_NONE</c>: unleveled output.</summary>
    None = 0,

    /// <summary><c>GGML_LOG_LEVEL_DEBUG</c>.</summary>
    Debug = 1,

    /// <summary><c>GGML_LOG_LEVEL_INFO</c>.</summary>
    Info = 2,

    /// <summary><c>GGML_LOG_LEVEL_WARN</c>.</summary>
    Warn = 3,

    /// <summary><c>GGML_LOG_LEVEL_ERROR</c>.</summary>
    Error = 4,

    /// <summary><c>GGML_LOG_LEVEL_CONT</c>: continues the previous message (no level of its own, usually no newline).</summary>
    Cont = 5,
}

/// <summary><c>enum ggml_backend_dev_type</c> (ggml-backend.h).</summary>
internal enum GgmlBackendDevType
{
    /// <summary><c>GGML_BACKEND_DEVICE_TYPE_CPU</c>.</summary>
    Cpu = 0,

    /// <summary><c>GGML_BACKEND_DEVICE_TYPE_GPU</c>: a discrete GPU with its own memory.</summary>
    Gpu = 1,

    /// <summary><c>GGML_BACKEND_DEVICE_TYPE_IGPU</c>: an integrated GPU sharing host memory.</summary>
    IGpu = 2,

    /// <summary><c>GGML_BACKEND_DEVICE_TYPE_ACCEL</c>: an accelerator used together with the CPU (e.g. BLAS).</summary>
    Accel = 3,

    /// <summary><c>GGML_BACKEND_DEVICE_TYPE_META</c>: a virtual device spanning several others.</summary>
    Meta = 4,
}

/// <summary><c>enum llama_pooling_type</c>.</summary>
internal enum LlamaPoolingType
{
    /// <summary><c>LLAMA_POOLING_TYPE_UNSPECIFIED</c>: use the GGUF's <c>{arch}.pooling_type</c>, else none.</summary>
    Unspecified = -1,

    /// <summary><c>LLAMA_POOLING_TYPE_NONE</c>: one vector per token.</summary>
    None = 0,

    /// <summary><c>LLAMA_POOLING_TYPE_MEAN</c>.</summary>
    Mean = 1,

    /// <summary><c>LLAMA_POOLING_TYPE_CLS</c>: the first token of each sequence.</summary>
    Cls = 2,

    /// <summary><c>LLAMA_POOLING_TYPE_LAST</c>: the last token of each sequence.</summary>
    Last = 3,

    /// <summary><c>LLAMA_POOLING_TYPE_RANK</c>: classifier head output (meaningless for qwen2, which has none).</summary>
    Rank = 4,
}

/// <summary><c>enum llama_attention_type</c>.</summary>
internal enum LlamaAttentionType
{
    /// <summary><c>LLAMA_ATTENTION_TYPE_UNSPECIFIED</c>: the model's own setting.</summary>
    Unspecified = -1,

    /// <summary><c>LLAMA_ATTENTION_TYPE_CAUSAL</c>.</summary>
    Causal = 0,

    /// <summary><c>LLAMA_ATTENTION_TYPE_NON_CAUSAL</c>: bidirectional.</summary>
    NonCausal = 1,
}

/// <summary><c>enum llama_flash_attn_type</c>.</summary>
internal enum LlamaFlashAttnType
{
    /// <summary><c>LLAMA_FLASH_ATTN_TYPE_AUTO</c>: enabled where the backend supports it.</summary>
    Auto = -1,

    /// <summary><c>LLAMA_FLASH_ATTN_TYPE_DISABLED</c>: closer to fp32 references.</summary>
    Disabled = 0,

    /// <summary><c>LLAMA_FLASH_ATTN_TYPE_ENABLED</c>.</summary>
    Enabled = 1,
}

/// <summary><c>enum llama_rope_scaling_type</c>.</summary>
internal enum LlamaRopeScalingType
{
    /// <summary><c>LLAMA_ROPE_SCALING_TYPE_UNSPECIFIED</c>: the model's own setting.</summary>
    Unspecified = -1,

    /// <summary><c>LLAMA_ROPE_SCALING_TYPE_NONE</c>.</summary>
    None = 0,

    /// <summary><c>LLAMA_ROPE_SCALING_TYPE_LINEAR</c>.</summary>
    Linear = 1,

    /// <summary><c>LLAMA_ROPE_SCALING_TYPE_YARN</c>.</summary>
    Yarn = 2,

    /// <summary><c>LLAMA_ROPE_SCALING_TYPE_LONGROPE</c>.</summary>
    LongRope = 3,
}

/// <summary><c>enum llama_split_mode</c>: how layers are spread over several GPUs.</summary>
internal enum LlamaSplitMode
{
    /// <summary><c>LLAMA_SPLIT_MODE_NONE</c>: one GPU.</summary>
    None = 0,

    /// <summary><c>LLAMA_SPLIT_MODE_LAYER</c>: whole layers per GPU (the default).</summary>
    Layer = 1,

    /// <summary><c>LLAMA_SPLIT_MODE_ROW</c>: rows split across GPUs.</summary>
    Row = 2,

    /// <summary><c>LLAMA_SPLIT_MODE_TENSOR</c>: tensor parallelism.</summary>
    Tensor = 3,
}

/// <summary><c>enum llama_load_mode</c>: how the weights are brought into memory.</summary>
internal enum LlamaLoadMode
{
    /// <summary><c>LLAMA_LOAD_MODE_AUTO</c>: chosen from the device capabilities (the default).</summary>
    Auto = -1,

    /// <summary><c>LLAMA_LOAD_MODE_NONE</c>: plain reads.</summary>
    None = 0,

    /// <summary><c>LLAMA_LOAD_MODE_MMAP</c>.</summary>
    Mmap = 1,

    /// <summary><c>LLAMA_LOAD_MODE_MLOCK</c>.</summary>
    Mlock = 2,

    /// <summary><c>LLAMA_LOAD_MODE_MMAP_MLOCK</c>.</summary>
    MmapMlock = 3,

    /// <summary><c>LLAMA_LOAD_MODE_DIRECT_IO</c>.</summary>
    DirectIo = 4,
}

/// <summary><c>enum llama_lazy_mode</c>.</summary>
internal enum LlamaLazyMode
{
    /// <summary><c>LLAMA_LAZY_MODE_OFF</c>.</summary>
    Off = 0,

    /// <summary><c>LLAMA_LAZY_MODE_AUTO</c> (the default).</summary>
    Auto = 1,

    /// <summary><c>LLAMA_LAZY_MODE_ON</c>.</summary>
    On = 2,
}

/// <summary><c>enum llama_vocab_type</c>.</summary>
internal enum LlamaVocabType
{
    /// <summary><c>LLAMA_VOCAB_TYPE_NONE</c>: no vocabulary.</summary>
    None = 0,

    /// <summary><c>LLAMA_VOCAB_TYPE_SPM</c>: SentencePiece BPE with byte fallback (Gemma, Llama).</summary>
    Spm = 1,

    /// <summary><c>LLAMA_VOCAB_TYPE_BPE</c>: byte-level BPE (Qwen2, GPT-2).</summary>
    Bpe = 2,

    /// <summary><c>LLAMA_VOCAB_TYPE_WPM</c>: WordPiece (BERT).</summary>
    Wpm = 3,

    /// <summary><c>LLAMA_VOCAB_TYPE_UGM</c>: Unigram (T5).</summary>
    Ugm = 4,

    /// <summary><c>LLAMA_VOCAB_TYPE_RWKV</c>.</summary>
    Rwkv = 5,

    /// <summary><c>LLAMA_VOCAB_TYPE_PLAMO2</c>.</summary>
    Plamo2 = 6,

    /// <summary><c>LLAMA_VOCAB_TYPE_TEST</c>.</summary>
    Test = 7,
}

/// <summary><c>enum llama_token_attr</c> (bit flags).</summary>
[Flags]
internal enum LlamaTokenAttr
{
    /// <summary><c>LLAMA_TOKEN_ATTR_UNDEFINED</c>.</summary>
    Undefined = 0,

    /// <summary><c>LLAMA_TOKEN_ATTR_UNKNOWN</c>.</summary>
    Unknown = 1 << 0,

    /// <summary><c>LLAMA_TOKEN_ATTR_UNUSED</c>.</summary>
    Unused = 1 << 1,

    /// <summary><c>LLAMA_TOKEN_ATTR_NORMAL</c>.</summary>
    Normal = 1 << 2,

    /// <summary><c>LLAMA_TOKEN_ATTR_CONTROL</c>: special tokens such as BOS/EOS.</summary>
    Control = 1 << 3,

    /// <summary><c>LLAMA_TOKEN_ATTR_USER_DEFINED</c>.</summary>
    UserDefined = 1 << 4,

    /// <summary><c>LLAMA_TOKEN_ATTR_BYTE</c>: an <c>&lt;0xNN&gt;</c> byte-fallback token.</summary>
    Byte = 1 << 5,

    /// <summary><c>LLAMA_TOKEN_ATTR_NORMALIZED</c>.</summary>
    Normalized = 1 << 6,

    /// <summary><c>LLAMA_TOKEN_ATTR_LSTRIP</c>.</summary>
    LStrip = 1 << 7,

    /// <summary><c>LLAMA_TOKEN_ATTR_RSTRIP</c>.</summary>
    RStrip = 1 << 8,

    /// <summary><c>LLAMA_TOKEN_ATTR_SINGLE_WORD</c>.</summary>
    SingleWord = 1 << 9,
}

/// <summary>
/// <c>enum llama_ftype</c>: the <c>general.file_type</c> values, i.e. the target mix of <c>llama_model_quantize</c>.
/// Only the values we produce or report are named; any other value passes through as a number.
/// </summary>
internal enum LlamaFtype
{
    /// <summary><c>LLAMA_FTYPE_ALL_F32</c>.</summary>
    AllF32 = 0,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_F16</c>.</summary>
    MostlyF16 = 1,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q4_0</c>.</summary>
    MostlyQ4_0 = 2,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q8_0</c> (the quantizer's default).</summary>
    MostlyQ8_0 = 7,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q5_0</c>.</summary>
    MostlyQ5_0 = 8,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q4_K_S</c>.</summary>
    MostlyQ4KS = 14,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q4_K_M</c>.</summary>
    MostlyQ4KM = 15,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q5_K_S</c>.</summary>
    MostlyQ5KS = 16,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q5_K_M</c>.</summary>
    MostlyQ5KM = 17,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q6_K</c>.</summary>
    MostlyQ6K = 18,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_BF16</c>.</summary>
    MostlyBF16 = 32,

    /// <summary><c>LLAMA_FTYPE_GUESSED</c>: a bit set when the file had no <c>general.file_type</c>.</summary>
    Guessed = 1024,
}

/// <summary><c>enum llama_model_kv_override_type</c>: which member of the value union is used.</summary>
internal enum LlamaModelKvOverrideType
{
    /// <summary><c>LLAMA_KV_OVERRIDE_TYPE_INT</c>.</summary>
    Int = 0,

    /// <summary><c>LLAMA_KV_OVERRIDE_TYPE_FLOAT</c>.</summary>
    Float = 1,

    /// <summary><c>LLAMA_KV_OVERRIDE_TYPE_BOOL</c>.</summary>
    Bool = 2,

    /// <summary><c>LLAMA_KV_OVERRIDE_TYPE_STR</c>.</summary>
    Str = 3,
}
