using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// Owns a <c>struct llama_context *</c> and keeps its model alive: the model's reference is taken before the context
/// is created and released only after <c>llama_free</c>. A context is used by one thread at a time.
/// </summary>
internal sealed class SafeLlamaContextHandle : SafeHandle
{
    private SafeLlamaModelHandle? _model;

    /// <summary>Creates an invalid handle; required by the interop source generator.</summary>
    public SafeLlamaContextHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>The model this context was created from.</summary>
    public SafeLlamaModelHandle Model => _model ?? throw new InvalidOperationException("The context handle was not created from a model.");

    /// <summary>Creates a context on <paramref name="model"/>.</summary>
    /// <exception cref="LlamaContextException">llama.cpp refused the parameters or could not allocate the context.</exception>
    public static SafeLlamaContextHandle Create(SafeLlamaModelHandle model, in LlamaContextParams contextParams)
    {
        ArgumentNullException.ThrowIfNull(model);
        var context = new SafeLlamaContextHandle();
        bool added = false;
        try
        {
            model.DangerousAddRef(ref added);
            long mark = NativeLog.Mark();
            nint raw = NativeMethods.llama_init_from_model(model, contextParams);
            if (raw == 0)
            {
                throw new LlamaContextException(
                    $"llama.cpp could not create a context (n_ctx {contextParams.NCtx}, n_batch {contextParams.NBatch}, n_ubatch {contextParams.NUbatch}, n_seq_max {contextParams.NSeqMax}).",
                    NativeLog.LinesSince(mark));
            }
            context._model = model;
            context.SetHandle(raw);
            added = false;
            return context;
        }
        finally
        {
            if (added)
            {
                model.DangerousRelease();
            }
        }
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        NativeMethods.llama_free(handle);
        _model?.DangerousRelease();
        return true;
    }
}
