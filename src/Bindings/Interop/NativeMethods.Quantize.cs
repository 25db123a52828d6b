using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>llama.cpp's file-to-file quantizer (llama.h).</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary><c>struct llama_model_quantize_params llama_model_quantize_default_params(void);</c></summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaModelQuantizeParams llama_model_quantize_default_params();

    /// <summary>
    /// <c>uint32_t llama_model_quantize(const char * fname_inp, const char * fname_out, const llama_model_quantize_params * params);</c>
    /// 0 on success, non-zero on failure (the reason is logged). Paths go down as NUL-terminated UTF-8.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint llama_model_quantize(string fnameInp, string fnameOut, LlamaModelQuantizeParams* quantizeParams);
}
