namespace LlamaEmbed.Native.Interop;

/// <summary>
/// The logical library names our <c>[LibraryImport]</c> declarations use. <see cref="NativeLibraryLoader"/> maps
/// each to the file it loaded by full path, because llama.cpp's versioned file names defeat default probing.
/// </summary>
internal static class NativeLibraryNames
{
    /// <summary>libllama: the llama C API.</summary>
    public const string Llama = "llama";

    /// <summary>libggml: the backend registry and dynamic backend loader.</summary>
    public const string Ggml = "ggml";

    /// <summary>libggml-base: tensors, types, quantization reference code, gguf, logging.</summary>
    public const string GgmlBase = "ggml-base";
}
