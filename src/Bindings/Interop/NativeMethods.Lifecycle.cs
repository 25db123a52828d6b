using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>Process-wide llama.cpp start-up calls (llama.h / ggml-backend.h).</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary><c>void ggml_backend_load_all_from_path(const char * dir_path);</c> (libggml). Must run before any llama call.</summary>
    [LibraryImport(NativeLibraryNames.Ggml, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void ggml_backend_load_all_from_path(string dirPath);

    /// <summary><c>void llama_backend_init(void);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_backend_init();

    /// <summary><c>const char * llama_version(void);</c> e.g. "0.5.0-dev"; the string is static.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte* llama_version();

    /// <summary><c>const char * llama_print_system_info(void);</c> The string is static.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte* llama_print_system_info();
}
