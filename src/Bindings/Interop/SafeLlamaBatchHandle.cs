using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// Owns a token batch from <c>llama_batch_init</c>. The <see cref="LlamaBatch"/> struct itself lives in native memory
/// so the handle is one pointer; <see cref="Add"/> checks every bound before writing into the native arrays.
/// </summary>
internal sealed unsafe class SafeLlamaBatchHandle : SafeHandle
{
    /// <summary>Creates an invalid handle; use <see cref="Create"/>.</summary>
    public SafeLlamaBatchHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>The most tokens the batch holds.</summary>
    public int Capacity { get; private set; }

    /// <summary>The most sequence ids one token may carry.</summary>
    public int SeqCapacity { get; private set; }

    /// <summary>Tokens added since the last <see cref="Clear"/>.</summary>
    public int Count => Batch->NTokens;

    /// <summary>The native batch, passed to <c>llama_decode</c> by value. Valid while the handle is.</summary>
    internal LlamaBatch* Batch
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return (LlamaBatch*)handle;
        }
    }

    /// <summary>Allocates a token batch for <paramref name="capacity"/> tokens of up to <paramref name="seqCapacity"/> sequence ids each.</summary>
    public static SafeLlamaBatchHandle Create(int capacity, int seqCapacity = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seqCapacity, 1);
        var result = new SafeLlamaBatchHandle();
        var batch = (LlamaBatch*)NativeMemory.AllocZeroed((nuint)sizeof(LlamaBatch));
        *batch = NativeMethods.llama_batch_init(capacity, 0, seqCapacity);
        if (batch->Token is null)
        {
            NativeMemory.Free(batch);
            throw new InsufficientMemoryException($"llama_batch_init could not allocate {capacity} tokens.");
        }
        result.SetHandle((nint)batch);
        result.Capacity = capacity;
        result.SeqCapacity = seqCapacity;
        return result;
    }

    /// <summary>Empties the batch (the arrays are reused).</summary>
    public void Clear() => Batch->NTokens = 0;

    /// <summary>Appends one token at <paramref name="position"/> belonging to <paramref name="seqIds"/>.</summary>
    /// <exception cref="InvalidOperationException">The batch is full.</exception>
    /// <exception cref="ArgumentException"><paramref name="seqIds"/> is empty or longer than <see cref="SeqCapacity"/>.</exception>
    public void Add(int token, int position, ReadOnlySpan<int> seqIds, bool output)
    {
        LlamaBatch* batch = Batch;
        int i = batch->NTokens;
        if (i >= Capacity)
        {
            throw new InvalidOperationException($"The batch is full ({Capacity} tokens).");
        }
        if (seqIds.IsEmpty || seqIds.Length > SeqCapacity)
        {
            throw new ArgumentException($"A token needs 1 to {SeqCapacity} sequence ids (got {seqIds.Length}).", nameof(seqIds));
        }
        batch->Token[i] = token;
        batch->Pos[i] = position;
        batch->NSeqId[i] = seqIds.Length;
        seqIds.CopyTo(new Span<int>(batch->SeqId[i], seqIds.Length));
        batch->Logits[i] = output ? (sbyte)1 : (sbyte)0;
        batch->NTokens = i + 1;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        var batch = (LlamaBatch*)handle;
        NativeMethods.llama_batch_free(*batch);
        NativeMemory.Free(batch);
        return true;
    }
}
