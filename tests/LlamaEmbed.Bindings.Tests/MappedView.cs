using System.IO.MemoryMappedFiles;

namespace LlamaEmbed.Tests;

/// <summary>
/// A <see cref="MemoryMappedFile"/> view of a file (all of it, or <c>size</c> bytes from <c>offset</c>), with its
/// address. A read-only view is <c>r--s</c> in <c>/proc/self/maps</c>, as llama.cpp maps models.
/// </summary>
internal sealed unsafe class MappedView : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;

    public MappedView(string path, MemoryMappedFileAccess access, long offset = 0, long size = 0)
    {
        Path = path;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, access);
        _view = _file.CreateViewAccessor(offset, size, access);
        byte* start = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        Pointer = start + _view.PointerOffset;
        if (size == 0)
        {
            // Not FileInfo.Length, which is the link's own length when the path is a symbolic link.
            using var handle = File.OpenHandle(path);
            size = RandomAccess.GetLength(handle) - offset;
        }
        Size = size;
    }

    public string Path { get; }

    public byte* Pointer { get; }

    public nint Address => (nint)Pointer;

    public long Size { get; }

    public ReadOnlySpan<byte> Bytes => new(Pointer, checked((int)Size));

    /// <summary>Reads one byte of every page so that all of them are resident.</summary>
    public int TouchAll()
    {
        int sum = 0;
        for (long at = 0; at < Size; at += Environment.SystemPageSize)
        {
            sum += Volatile.Read(ref Pointer[at]);
        }
        return sum;
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
