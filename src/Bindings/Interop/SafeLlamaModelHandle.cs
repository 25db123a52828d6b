using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// Owns a <c>struct llama_model *</c>. Contexts hold a reference on it (<see cref="SafeHandle.DangerousAddRef"/>), so the
/// model is freed only after the last context created from it has been freed. Create it with <see cref="LlamaModelLoader"/>.
/// </summary>
internal sealed class SafeLlamaModelHandle : SafeHandle
{
    /// <summary>Creates an invalid handle; required by the interop source generator.</summary>
    public SafeLlamaModelHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>
    /// The token-embedding table's pages in llama.cpp's mapping, when the loader was asked to release them and the
    /// table is only looked up row by row (<see cref="LlamaModelLoader.InputOnlyTokenEmbeddings"/>); else null. Use it
    /// only while holding a reference on this handle (a context does), which keeps the mapping alive.
    /// </summary>
    internal TokenEmbeddingPages? TokenEmbeddings { get; set; }

    /// <summary>Takes ownership of a model pointer returned by <c>llama_model_load_from_file</c>.</summary>
    internal static SafeLlamaModelHandle FromNative(nint model)
    {
        var result = new SafeLlamaModelHandle();
        result.SetHandle(model);
        return result;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        NativeMethods.llama_model_free(handle);
        return true;
    }
}
