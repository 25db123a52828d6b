using System.Runtime.InteropServices;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// <c>struct llama_model_tensor_override</c>: 16 bytes; quantizer per-tensor type rule. An array ends with a NULL
/// <see cref="Pattern"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelTensorOverride
{
    /// <summary><c>const char * pattern</c>: NUL-terminated UTF-8 regex searched in tensor names.</summary>
    public nint Pattern;

    /// <summary><c>enum ggml_type type</c>: the type for matching tensors.</summary>
    public GgmlType Type;
}
