using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>Process-wide llama.cpp start-up calls and build facts (llama.h).</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary><c>void llama_backend_init(void);</c> Call after <see cref="ggml_backend_load_all_from_path"/>: with an empty registry it searches the executable's folder and the working directory itself.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_backend_init();

    /// <summary><c>void llama_numa_init(enum ggml_numa_strategy numa);</c> 0 = disabled (a no-op).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_numa_init(int numa);

    /// <summary><c>const char * llama_version(void);</c> e.g. "0.5.0-dev"; the string is static.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte* llama_version();

    /// <summary><c>const char * llama_print_system_info(void);</c> The string is static; empty before backends load.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte* llama_print_system_info();

    /// <summary><c>int64_t llama_time_us(void);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial long llama_time_us();

    /// <summary><c>size_t llama_max_devices(void);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nuint llama_max_devices();

    /// <summary><c>size_t llama_max_parallel_sequences(void);</c> 256 in this build.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nuint llama_max_parallel_sequences();

    /// <summary><c>bool llama_supports_mmap(void);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_supports_mmap();

    /// <summary><c>bool llama_supports_gpu_offload(void);</c> Triggers the default backend search if the registry is empty.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_supports_gpu_offload();
}
