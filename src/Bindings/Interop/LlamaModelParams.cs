using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// <c>struct llama_model_params</c>: 80 bytes, align 8. Start from <see cref="NativeMethods.llama_model_default_params"/>;
/// the defaults are not all zero (<c>n_gpu_layers</c> -1, <c>split_mode</c> LAYER, <c>use_extra_bufts</c> true).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelParams
{
    /// <summary><c>ggml_backend_dev_t * devices</c>: NULL-terminated device list; zero = every device.</summary>
    public nint Devices;

    /// <summary><c>const struct llama_model_tensor_buft_override * tensor_buft_overrides</c>.</summary>
    public nint TensorBuftOverrides;

    /// <summary><c>int32_t n_gpu_layers</c>: layers to offload; negative = all.</summary>
    public int NGpuLayers;

    /// <summary><c>enum llama_split_mode split_mode</c>.</summary>
    public LlamaSplitMode SplitMode;

    /// <summary><c>enum llama_load_mode load_mode</c>.</summary>
    public LlamaLoadMode LoadMode;

    /// <summary><c>enum llama_lazy_mode lazy_mode</c>.</summary>
    public LlamaLazyMode LazyMode;

    /// <summary><c>int32_t main_gpu</c>.</summary>
    public int MainGpu;

    /// <summary><c>const float * tensor_split</c>.</summary>
    public nint TensorSplit;

    /// <summary><c>llama_progress_callback progress_callback</c>: <c>bool (*)(float progress, void * user_data)</c>; false cancels.</summary>
    public nint ProgressCallback;

    /// <summary><c>void * progress_callback_user_data</c>.</summary>
    public nint ProgressCallbackUserData;

    /// <summary><c>const struct llama_model_kv_override * kv_overrides</c>: array ended by an entry whose key starts with NUL.</summary>
    public nint KvOverrides;

    private byte _vocabOnly;
    private byte _checkTensors;
    private byte _useExtraBufts;
    private byte _noHost;
    private byte _noAlloc;
    private byte _loadMtp;

    /// <summary><c>bool vocab_only</c>: load only the vocabulary (tokenizer-only uses; no backend needed).</summary>
    public bool VocabOnly { readonly get => _vocabOnly != 0; set => _vocabOnly = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool check_tensors</c>: validate tensor data while loading.</summary>
    public bool CheckTensors { readonly get => _checkTensors != 0; set => _checkTensors = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool use_extra_bufts</c>: CPU weight repacking ("REPACK").</summary>
    public bool UseExtraBufts { readonly get => _useExtraBufts != 0; set => _useExtraBufts = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool no_host</c>: bypass host buffers.</summary>
    public bool NoHost { readonly get => _noHost != 0; set => _noHost = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool no_alloc</c>: create the model without allocating weight memory.</summary>
    public bool NoAlloc { readonly get => _noAlloc != 0; set => _noAlloc = value ? (byte)1 : (byte)0; }

    /// <summary><c>bool load_mtp</c>: also load multi-token-prediction layers.</summary>
    public bool LoadMtp { readonly get => _loadMtp != 0; set => _loadMtp = value ? (byte)1 : (byte)0; }
}
