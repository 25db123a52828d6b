using System.IO.MemoryMappedFiles;

namespace LlamaEmbed.Gguf;

/// <summary>
/// Reads a GGUF file (version 2 or 3): the header is parsed up front, tensor data is read lazily, so files far
/// larger than memory are fine. <see cref="Open(string)"/> memory-maps the file; the stream constructor works
/// on any seekable stream.
/// </summary>
/// <remarks>
/// <para>
/// The reader applies the rules of llama.cpp's <c>gguf_init_from_file</c>: magic and version, counts and lengths
/// checked against the bytes left before anything is allocated, llama.cpp's caps (strings ≤ 1 GiB, arrays ≤ 2^30
/// elements), non-empty unique keys, no arrays of arrays, <c>general.alignment</c> a UINT32 power of two, tensor
/// names shorter than 64 bytes and unique, at most four non-negative dimensions, known type ids, rows a multiple
/// of the block size, and the strict offset rule (data in header order, each tensor padded to the alignment) with
/// all data inside the file. Duplicate strings in <c>tokenizer.ggml.tokens</c> are refused too, because llama.cpp
/// aborts the process on them. Any violation is a <see cref="InvalidDataException"/> naming the byte offset.
/// </para>
/// <para>
/// Two deliberate differences: strings must be valid UTF-8 (llama.cpp does not check, but a .NET string cannot
/// carry other bytes), and a BOOL byte other than 0 reads as true, as in llama.cpp, so such a file is not written
/// back byte for byte. Reading tensor data is thread-safe; the reader must not be disposed while reads are running.
/// </para>
/// <code>
/// using var reader = GgufReader.Open("model.gguf");
/// string arch = reader.Metadata.GetString("general.architecture");
/// float[] norm = reader.ReadTensorAsFloat32(reader.Tensors[1]);
/// </code>
/// </remarks>
public sealed class GgufReader : IDisposable
{
    private readonly Stream? _stream;
    private readonly bool _leaveOpen;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly Lock _streamLock = new();
    private readonly Dictionary<string, int> _tensorIndex;
    private unsafe byte* _base;
    private bool _disposed;

    /// <summary>Reads the header from <paramref name="stream"/>, which must be seekable and start with the GGUF.</summary>
    /// <param name="stream">A readable, seekable stream; the GGUF starts at position 0.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open when the reader is disposed.</param>
    /// <exception cref="ArgumentException">The stream cannot read or seek.</exception>
    /// <exception cref="InvalidDataException">The header is malformed.</exception>
    public GgufReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("A GGUF reader needs a readable, seekable stream.", nameof(stream));
        }
        _stream = stream;
        _leaveOpen = leaveOpen;
        FileLength = stream.Length;
        (Version, Metadata, Tensors, Alignment, DataOffset, _tensorIndex) = ParseHeader(stream, FileLength);
    }

    private unsafe GgufReader(MemoryMappedFile map, long length)
    {
        _map = map;
        FileLength = length;
        _view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        try
        {
            byte* pointer = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            _base = pointer + _view.PointerOffset;
            using var header = new UnmanagedMemoryStream(_base, length);
            (Version, Metadata, Tensors, Alignment, DataOffset, _tensorIndex) = ParseHeader(header, length);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Memory-maps the file at <paramref name="path"/> read-only and parses its header.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The path is a directory or cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is empty or its header is malformed.</exception>
    public static GgufReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new UnauthorizedAccessException($"'{path}' is a directory, not a GGUF file.");
        }
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        long length = file.Length;
        if (length == 0)
        {
            file.Dispose();
            throw GgufFormatError.Create(0, $"'{path}' is empty, not a GGUF file");
        }
        MemoryMappedFile map;
        try
        {
            map = MemoryMappedFile.CreateFromFile(file, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return new GgufReader(map, length);
    }

    /// <summary>The GGUF version of the file (2 or 3).</summary>
    public uint Version { get; }

    /// <summary>The metadata, in file order.</summary>
    public GgufMetadata Metadata { get; }

    /// <summary>The tensor records, in file order (which is also data order).</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>The data alignment: <c>general.alignment</c> or 32.</summary>
    public int Alignment { get; }

    /// <summary>Absolute byte offset where the data section starts; tensor offsets are relative to it.</summary>
    public long DataOffset { get; }

    /// <summary>Length of the file in bytes.</summary>
    public long FileLength { get; }

    /// <summary>Looks up a tensor by name.</summary>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GgufTensorInfo? info)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_tensorIndex.TryGetValue(name, out int i))
        {
            info = Tensors[i];
            return true;
        }
        info = null;
        return false;
    }

    /// <summary>Copies the data of <paramref name="tensor"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not exactly <see cref="GgufTensorInfo.ByteCount"/> bytes, or the tensor is not from this file.</exception>
    /// <exception cref="ObjectDisposedException">The reader is disposed.</exception>
    public void ReadTensorData(GgufTensorInfo tensor, Span<byte> destination)
    {
        long bytes = CheckTensor(tensor);
        if (destination.Length != bytes)
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' has {bytes} bytes; the destination has {destination.Length}.", nameof(destination));
        }
        ReadAt(DataOffset + tensor.Offset, destination);
    }

    /// <summary>A read-only, seekable stream over the data of <paramref name="tensor"/> (no padding).</summary>
    /// <exception cref="ArgumentException">The tensor is not from this file.</exception>
    /// <exception cref="ObjectDisposedException">The reader is disposed.</exception>
    public Stream OpenTensorStream(GgufTensorInfo tensor)
    {
        long bytes = CheckTensor(tensor);
        return new GgufTensorStream(this, DataOffset + tensor.Offset, bytes);
    }

    /// <summary>
    /// The values of an F32, F16 or BF16 tensor as 32-bit floats (the widening is exact), in ggml order.
    /// </summary>
    /// <exception cref="NotSupportedException">The tensor is quantized or an integer type, or has more elements than an array holds.</exception>
    /// <exception cref="ArgumentException">The tensor is not from this file.</exception>
    public float[] ReadTensorAsFloat32(GgufTensorInfo tensor)
    {
        long bytes = CheckTensor(tensor);
        if (tensor.Type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16))
        {
            throw new NotSupportedException($"Tensor '{tensor.Name}' is {tensor.Type}; only F32, F16 and BF16 widen to float here. Dequantize it with LlamaEmbed.Quantize.");
        }
        long count = tensor.ElementCount;
        if (count > Array.MaxLength)
        {
            throw new NotSupportedException($"Tensor '{tensor.Name}' has {count} elements, more than one array can hold; read it with OpenTensorStream.");
        }
        var values = new float[count];
        if (tensor.Type == GgmlType.F32)
        {
            ReadAt(DataOffset + tensor.Offset, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }
        GgufFloatWidening.Widen(this, tensor.Type, DataOffset + tensor.Offset, bytes, values);
        return values;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        unsafe
        {
            if (_base != null)
            {
                _view!.SafeMemoryMappedViewHandle.ReleasePointer();
                _base = null;
            }
        }
        _view?.Dispose();
        _map?.Dispose();
        if (!_leaveOpen)
        {
            _stream?.Dispose();
        }
    }

    /// <summary>Copies bytes at an absolute file position; thread-safe.</summary>
    internal void ReadAt(long position, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (position < 0 || position > FileLength - destination.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(position), $"Bytes {position}..{position + destination.Length} lie outside the file ({FileLength} bytes).");
        }
        unsafe
        {
            if (_base != null)
            {
                new ReadOnlySpan<byte>(_base + position, destination.Length).CopyTo(destination);
                return;
            }
        }
        lock (_streamLock)
        {
            _stream!.Position = position;
            _stream.ReadExactly(destination);
        }
    }

    private long CheckTensor(GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_tensorIndex.TryGetValue(tensor.Name, out int i) || !Tensors[i].Equals(tensor))
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' is not a tensor of this file.", nameof(tensor));
        }
        return tensor.ByteCount;
    }

    private static (uint, GgufMetadata, IReadOnlyList<GgufTensorInfo>, int, long, Dictionary<string, int>) ParseHeader(Stream stream, long length)
    {
        GgufHeaderParser.Result header = GgufHeaderParser.Parse(stream, length);
        var index = new Dictionary<string, int>(header.Tensors.Count, StringComparer.Ordinal);
        for (int i = 0; i < header.Tensors.Count; i++)
        {
            index.Add(header.Tensors[i].Name, i);
        }
        return (header.Version, header.Metadata, header.Tensors.AsReadOnly(), header.Alignment, header.DataOffset, index);
    }
}
