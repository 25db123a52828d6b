namespace LlamaEmbed;

/// <summary>Which llama.cpp build <see cref="NativeRuntime"/> loads.</summary>
public enum LlamaBackend
{
    /// <summary>The CPU build; ggml picks the best CPU variant for this processor.</summary>
    Cpu = 0,

    /// <summary>The CUDA build (linux-x64, needs the NVIDIA driver and the CUDA 13 runtime and cuBLAS); fails when anything is missing.</summary>
    Cuda = 1,

    /// <summary>CUDA when the CUDA build, driver, libraries and a GPU are all present, otherwise CPU (the reason is in <see cref="NativeRuntimeInfo.CudaUnavailableReason"/>).</summary>
    Auto = 2,
}
