using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>Global log sink and fatal-assert hook (llama.h, ggml.h).</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>
    /// <c>void llama_log_set(ggml_log_callback log_callback, void * user_data);</c> with
    /// <c>typedef void (*ggml_log_callback)(enum ggml_log_level level, const char * text, void * user_data);</c>.
    /// Forwards to <c>ggml_log_set</c>; global, not thread-safe to change; NULL restores printing to stderr.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_log_set(delegate* unmanaged[Cdecl]<GgmlLogLevel, byte*, void*, void> logCallback, void* userData);

    /// <summary><c>void llama_log_get(ggml_log_callback * log_callback, void ** user_data);</c> the callback now installed.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_log_get(nint* logCallback, void** userData);

    /// <summary>
    /// <c>ggml_abort_callback_t ggml_set_abort_callback(ggml_abort_callback_t callback);</c> (libggml-base) with
    /// <c>typedef void (*ggml_abort_callback_t)(const char * error_message);</c>. Called on <c>GGML_ASSERT</c>/<c>GGML_ABORT</c>
    /// just before <c>abort()</c>: it can report the reason, never prevent the crash. Returns the previous hook.
    /// </summary>
    [LibraryImport(NativeLibraryNames.GgmlBase)]
    internal static partial nint ggml_set_abort_callback(delegate* unmanaged[Cdecl]<byte*, void> callback);
}
