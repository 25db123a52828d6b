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
    /// <exception cref="ArgumentException">The parameters would make llama.cpp abort the process (see <see cref="ThrowIfAborting"/>).</exception>
    /// <exception cref="LlamaContextException">llama.cpp refused the parameters or could not allocate the context.</exception>
    public static SafeLlamaContextHandle Create(SafeLlamaModelHandle model, in LlamaContextParams contextParams)
    {
        ArgumentNullException.ThrowIfNull(model);
        ThrowIfAborting(contextParams);
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

    /// <summary>
    /// Refuses, in managed code, context parameters that llama.cpp answers with <c>abort()</c> rather than an error:
    /// fewer output rows than sequences (<c>n_outputs_max</c> below <c>n_seq_max</c>), and on an embedding context a
    /// micro-batch that is not a multiple of the sequence count (notes §8.1: the first decode aborts in a mat-mul assert).
    /// </summary>
    internal static void ThrowIfAborting(in LlamaContextParams p)
    {
        uint sequences = Math.Max(1, p.NSeqMax);
        if (p.NOutputsMax != 0 && p.NOutputsMax < sequences)
        {
            throw new ArgumentException($"n_outputs_max {p.NOutputsMax} is below n_seq_max {sequences}; llama.cpp would abort. Use 0 (= n_batch) or at least n_seq_max.", nameof(p));
        }
        uint microBatch = Math.Min(p.NBatch, p.NUbatch == 0 ? p.NBatch : p.NUbatch);
        if (p.Embeddings && sequences > 1 && microBatch % sequences != 0)
        {
            throw new ArgumentException($"n_ubatch {microBatch} is not a multiple of n_seq_max {sequences} on an embedding context; llama.cpp would abort at the first decode.", nameof(p));
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
