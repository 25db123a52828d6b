namespace LlamaEmbed.Native.Interop;

/// <summary>
/// The one door to <c>llama_decode</c>: checks the batch against the context's limits (an oversize batch is a
/// process-killing assert in native code), wires cancellation to the abort callback, and turns every non-zero return
/// code into a typed exception.
/// </summary>
internal static unsafe class NativeDecode
{
    /// <summary>Runs <paramref name="batch"/> through <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentException">The batch is empty or larger than the context's <c>n_batch</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the decode was aborted.</exception>
    /// <exception cref="LlamaDecodeException">llama.cpp returned an error code.</exception>
    public static void Decode(SafeLlamaContextHandle context, SafeLlamaBatchHandle batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        bool added = false;
        try
        {
            batch.DangerousAddRef(ref added);
            Decode(context, *batch.Batch, cancellationToken);
        }
        finally
        {
            if (added)
            {
                batch.DangerousRelease();
            }
        }
    }

    /// <summary>Runs a caller-built batch (whose arrays the caller keeps pinned for the call) through <paramref name="context"/>.</summary>
    /// <inheritdoc cref="Decode(SafeLlamaContextHandle, SafeLlamaBatchHandle, CancellationToken)"/>
    public static void Decode(SafeLlamaContextHandle context, in LlamaBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        uint nBatch = NativeMethods.llama_n_batch(context);
        if (batch.NTokens <= 0 || (uint)batch.NTokens > nBatch)
        {
            throw new ArgumentException($"A decode needs 1 to n_batch ({nBatch}) tokens; the batch has {batch.NTokens}.", nameof(batch));
        }
        long mark = NativeLog.Mark();
        int rc;
        using (AbortScope? scope = AbortScope.Enter(context, cancellationToken))
        {
            rc = NativeMethods.llama_decode(context, batch);
            if (rc == 2 && scope is { CancellationRequested: true })
            {
                throw new OperationCanceledException("The decode was aborted because cancellation was requested.", cancellationToken);
            }
        }
        ThrowIfFailed(rc, NativeLog.LinesSince(mark));
    }

    /// <summary>Throws the typed exception for a non-zero <c>llama_decode</c> return code.</summary>
    internal static void ThrowIfFailed(int rc, IReadOnlyList<string> nativeLines)
    {
        if (rc != 0)
        {
            throw new LlamaDecodeException(rc, Describe(rc), nativeLines);
        }
    }

    /// <summary>The meaning of a <c>llama_decode</c> return code.</summary>
    internal static string Describe(int rc) => rc switch
    {
        0 => "success",
        1 => "no KV slot: the batch is too big for the remaining context; clear finished sequences or use a larger n_ctx",
        2 => "aborted by the abort callback",
        -1 => "invalid batch (token id outside the vocabulary, sequence id outside n_seq_max, or non-contiguous positions)",
        _ => "fatal error during compute or memory allocation",
    };
}
