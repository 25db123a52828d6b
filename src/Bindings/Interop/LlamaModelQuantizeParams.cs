using System.Runtime.InteropServices;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// <c>llama_model_quantize_params</c>: 64 bytes. Start from <see cref="NativeMethods.llama_model_quantize_default_params"/>
/// (ftype Q8_0, automatic output/embedding types = <c>GGML_TYPE_COUNT</c> 43, 8 GiB row buffer).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelQuantizeParams
{
    /// <summary><c>GGML_TYPE_COUNT</c>: the value of <see cref="OutputTensorType"/>/<see cref="TokenEmbeddingType"/> that means "choose automatically".</summary>
    public const GgmlType AutomaticType = (GgmlType)43;

    /// <summary><c>int32_t nthread</c>: &lt;= 0 = hardware concurrency.</summary>
    public int NThread;

    /// <summary><c>enum llama_ftype ftype</c>: the target mix.</summary>
    public LlamaFtype Ftype;

    /// <summary><c>enum ggml_type output_tensor_type</c>.</summary>
    public GgmlType OutputTensorType;

    /// <summary><c>enum ggml_type token_embedding_type</c>.</summary>
    public GgmlType TokenEmbeddingType;

    private byte _allowRequantize;
    private byte _quantizeOutputTensor;
    private byte _onlyCopy;
    private byte _pure;
    private byte _keepSplit;
    private byte _dryRun;

    /// <summary><c>const struct llama_model_imatrix_data * imatrix</c>: entries <c>{name, data, size}</c> ended by a NULL name.</summary>
    public nint Imatrix;

    /// <summary><c>const struct llama_model_kv_override * kv_overrides</c>.</summary>
    public nint KvOverrides;

    /// <summary><c>const struct llama_model_tensor_override * tt_overrides</c>: ended by a NULL pattern.</summary>
    public nint TtOverrides;

    /// <summary><c>const int32_t * prune_layers</c>: ended by -1.</summary>
    public nint PruneLayers;

    /// <summary><c>size_t max_buf_size</c>: bytes of tensor rows kept in memory at once; 0 = 8 GiB.</summary>
    public nuint MaxBufSize;

    /// <summary><c>bool allow_requantize</c>: accept already-quantized input tensors.</summary>
    public bool AllowRequantize { readonly get => _allowRequantize != 0; set => _allowRequantize = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool quantize_output_tensor</c>.</summary>
    public bool QuantizeOutputTensor { readonly get => _quantizeOutputTensor != 0; set => _quantizeOutputTensor = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool only_copy</c>: copy tensors unchanged (ftype ignored).</summary>
    public bool OnlyCopy { readonly get => _onlyCopy != 0; set => _onlyCopy = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool pure</c>: every tensor gets the ftype's base type (no k-quant mixture rules).</summary>
    public bool Pure { readonly get => _pure != 0; set => _pure = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool keep_split</c>.</summary>
    public bool KeepSplit { readonly get => _keepSplit != 0; set => _keepSplit = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool dry_run</c>: compute the plan without writing a file.</summary>
    public bool DryRun { readonly get => _dryRun != 0; set => _dryRun = value ? (byte)1 : (byte)0; }
}
