namespace LlamaEmbed.Native.Interop;

/// <summary>
/// Wires a <see cref="CancellationToken"/> to a context's compute abort callback for the duration of one call. The
/// native callback only reads a flag in native memory that the token's registration sets, so polling it between graph
/// nodes costs one load and never runs managed code that could throw.
/// </summary>
internal sealed unsafe class AbortScope : IDisposable
{
    private readonly SafeLlamaContextHandle _context;
    private readonly CancellationToken _token;
    private readonly int* _flag;
    private CancellationTokenRegistration _registration;
    private bool _disposed;

    private AbortScope(SafeLlamaContextHandle context, CancellationToken token)
    {
        _context = context;
        _token = token;
        _flag = (int*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(sizeof(int));
        NativeMethods.llama_set_abort_callback(context, &ShouldAbort, _flag);
        _registration = token.UnsafeRegister(static state => ((AbortScope)state!).RaiseFlag(), this);
    }

    /// <summary>True when our token asked for cancellation (so an aborted decode means <see cref="OperationCanceledException"/>).</summary>
    public bool CancellationRequested => _token.IsCancellationRequested;

    /// <summary>Registers <paramref name="token"/> on <paramref name="context"/>; null when the token can never be cancelled.</summary>
    public static AbortScope? Enter(SafeLlamaContextHandle context, CancellationToken token) =>
        token.CanBeCanceled ? new AbortScope(context, token) : null;

    /// <summary>Unregisters the token and removes the callback from the context before the flag is freed.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _registration.Dispose();
        if (!_context.IsClosed)
        {
            NativeMethods.llama_set_abort_callback(_context, null, null);
        }
        System.Runtime.InteropServices.NativeMemory.Free(_flag);
    }

    private void RaiseFlag() => Volatile.Write(ref *_flag, 1);

    [System.Runtime.InteropServices.UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static byte ShouldAbort(void* data) => Volatile.Read(ref *(int*)data) != 0 ? (byte)1 : (byte)0;
}
