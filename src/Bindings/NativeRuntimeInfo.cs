namespace LlamaEmbed;

/// <summary>What <see cref="NativeRuntime"/> loaded and why: the build, its files, the CPU variant, devices and backend.</summary>
public sealed record NativeRuntimeInfo
{
    /// <summary>What <c>llama_version()</c> reports, e.g. <c>0.5.0-dev</c>.</summary>
    public required string LlamaCppVersion { get; init; }

    /// <summary>The folder the libraries were loaded from.</summary>
    public required string LibraryDirectory { get; init; }

    /// <summary>Full paths of libggml-base, libggml and libllama as loaded.</summary>
    public required IReadOnlyList<string> LibraryFiles { get; init; }

    /// <summary>The CPU backend file ggml chose for this processor (e.g. <c>…/libggml-cpu-zen4.so</c>), or null if none was found.</summary>
    public string? CpuVariantFile { get; init; }

    /// <summary>The CPU features the chosen variant uses (e.g. <c>AVX2</c>, <c>AVX512</c>); non-flag features as <c>NAME=value</c>.</summary>
    public required IReadOnlyList<string> CpuFeatures { get; init; }

    /// <summary>Every device registered with llama.cpp.</summary>
    public required IReadOnlyList<NativeDeviceInfo> Devices { get; init; }

    /// <summary>The backend that was asked for.</summary>
    public required LlamaBackend RequestedBackend { get; init; }

    /// <summary>The backend actually in use: <see cref="LlamaBackend.Cpu"/> or <see cref="LlamaBackend.Cuda"/>.</summary>
    public required LlamaBackend Backend { get; init; }

    /// <summary>Why CUDA is not in use (missing build, driver, library or GPU, or CPU was asked for); null when it is.</summary>
    public string? CudaUnavailableReason { get; init; }

    /// <summary>llama.cpp's own summary from <c>llama_print_system_info()</c>.</summary>
    public required string SystemInfo { get; init; }
}
