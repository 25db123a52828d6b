using System.Runtime.InteropServices;

namespace LlamaEmbed.Native.Interop;

/// <summary>
/// <c>struct ggml_backend_dev_props</c>: 56 bytes on x64, filled by <c>ggml_backend_dev_get_props</c>. The strings
/// belong to the device and live as long as the backend (backends are never unloaded).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GgmlBackendDevProps
{
    /// <summary><c>const char * name</c>.</summary>
    public byte* Name;

    /// <summary><c>const char * description</c>.</summary>
    public byte* Description;

    /// <summary><c>size_t memory_free</c>.</summary>
    public nuint MemoryFree;

    /// <summary><c>size_t memory_total</c>.</summary>
    public nuint MemoryTotal;

    /// <summary><c>enum ggml_backend_dev_type type</c>.</summary>
    public GgmlBackendDevType Type;

    /// <summary><c>const char * device_id</c>: lower-case PCI bus id, or NULL.</summary>
    public byte* DeviceId;

    private byte _async;
    private byte _hostBuffer;
    private byte _bufferFromHostPtr;
    private byte _events;
    private byte _mmapSupport;

    /// <summary><c>caps.async</c>: asynchronous operations.</summary>
    public readonly bool Async => _async != 0;

    /// <summary><c>caps.host_buffer</c>: pinned host buffers.</summary>
    public readonly bool HostBuffer => _hostBuffer != 0;

    /// <summary><c>caps.buffer_from_host_ptr</c>.</summary>
    public readonly bool BufferFromHostPtr => _bufferFromHostPtr != 0;

    /// <summary><c>caps.events</c>: event synchronization.</summary>
    public readonly bool Events => _events != 0;

    /// <summary><c>caps.mmap_support</c>: weights may be loaded with mmap.</summary>
    public readonly bool MmapSupport => _mmapSupport != 0;
}
