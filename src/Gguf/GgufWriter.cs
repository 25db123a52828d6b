using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace LlamaEmbed.Gguf;

/// <summary>
/// Writes a GGUF v3 file to a stream with bounded memory: declare the metadata and every tensor, write the header,
/// then stream each tensor's bytes in declaration order (in as many chunks as convenient).
/// </summary>
/// <remarks>
/// The writer produces the standard layout llama.cpp requires (§4 of the notes): tensor data in header order, each
/// padded with zeros to the alignment (<c>general.alignment</c> or 32), offsets recomputed from the sizes. It
/// refuses anything llama.cpp would reject at load: duplicate keys or tensor names, names of 64 bytes or more,
/// more than four dimensions, a first dimension that is not a multiple of the type's block size.
/// <code>
/// using var writer = GgufWriter.Create("model.gguf");
/// writer.Metadata.Add("general.architecture", GgufValue.String("gemma-embedding"));
/// writer.AddTensor("token_embd.weight", GgmlType.F32, [768, 262144]);
/// writer.WriteHeader();
/// writer.WriteTensorData(bytes);
/// writer.Complete();
/// </code>
/// </remarks>
public sealed class GgufWriter : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly List<GgufTensorInfo> _tensors = [];
    private readonly HashSet<string> _tensorNames = new(StringComparer.Ordinal);
    private bool _headerWritten;
    private bool _completed;
    private int _alignment;
    private int _current;
    private long _currentWritten;
    private long _position;

    /// <summary>Creates a writer over <paramref name="stream"/> (which need not be seekable).</summary>
    /// <param name="stream">The destination, positioned where the file starts.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open when the writer is disposed.</param>
    public GgufWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Creates (or truncates) the file at <paramref name="path"/> and returns a writer that owns it.</summary>
    public static GgufWriter Create(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20), leaveOpen: false);

    /// <summary>The metadata to write; editable until <see cref="WriteHeader"/>.</summary>
    public GgufMetadata Metadata { get; } = new();

    /// <summary>The declared tensors, with their data offsets once the header is written.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors => _tensors;

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten => _position;

    /// <summary>Declares a tensor; its data must later be written in declaration order.</summary>
    /// <param name="name">Unique name shorter than 64 UTF-8 bytes.</param>
    /// <param name="type">Element type.</param>
    /// <param name="shape">Dimensions in ggml order (<c>shape[0]</c> contiguous), one to four of them.</param>
    /// <exception cref="ArgumentException">The name, type or shape would make llama.cpp reject the file.</exception>
    /// <exception cref="InvalidOperationException">The header was already written.</exception>
    public GgufTensorInfo AddTensor(string name, GgmlType type, params ReadOnlySpan<long> shape)
    {
        ThrowIfHeaderWritten();
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) >= GgufConstants.MaxTensorNameBytes)
        {
            throw new ArgumentException($"Tensor name '{name}' is {Encoding.UTF8.GetByteCount(name)} bytes; GGUF allows at most {GgufConstants.MaxTensorNameBytes - 1}.", nameof(name));
        }
        if (!GgmlTypeInfo.IsKnown(type))
        {
            throw new ArgumentException($"Tensor '{name}': {type} is not a ggml type id llama.cpp accepts.", nameof(type));
        }
        if (shape.Length is 0 or > GgufConstants.MaxDimensions)
        {
            throw new ArgumentException($"Tensor '{name}' has {shape.Length} dimensions; GGUF allows 1 to {GgufConstants.MaxDimensions}.", nameof(shape));
        }
        if (!GgmlTypeInfo.TryGetTensorBytes(type, shape, out _))
        {
            throw new ArgumentException($"Tensor '{name}' of type {type} cannot have shape [{string.Join(", ", shape.ToArray())}]: dimensions must be non-negative and the first a multiple of {GgmlTypeInfo.BlockSize(type)}.", nameof(shape));
        }
        if (!_tensorNames.Add(name))
        {
            throw new ArgumentException($"Tensor '{name}' is declared twice.", nameof(name));
        }
        var info = new GgufTensorInfo(name, type, shape.ToArray());
        _tensors.Add(info);
        return info;
    }

    /// <summary>
    /// Writes magic, version, counts, metadata and tensor records, then pads to the alignment.
    /// Tensor offsets are fixed here.
    /// </summary>
    /// <exception cref="InvalidOperationException">The header was already written, or <c>general.alignment</c> is not a UINT32 power of two.</exception>
    public void WriteHeader()
    {
        ThrowIfHeaderWritten();
        _alignment = ValidateAlignment();
        long offset = 0;
        for (int i = 0; i < _tensors.Count; i++)
        {
            _tensors[i] = _tensors[i] with { Offset = offset };
            offset += Pad(_tensors[i].ByteCount, _alignment);
        }

        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        WriteUInt32(buffer, GgufConstants.Magic);
        WriteUInt32(buffer, GgufConstants.Version);
        WriteUInt64(buffer, (ulong)_tensors.Count);
        WriteUInt64(buffer, (ulong)Metadata.Count);
        foreach (var (key, value) in Metadata)
        {
            WriteString(buffer, key);
            WriteUInt32(buffer, (uint)value.Type);
            WriteValue(buffer, value);
        }
        foreach (GgufTensorInfo tensor in _tensors)
        {
            WriteString(buffer, tensor.Name);
            WriteUInt32(buffer, (uint)tensor.Shape.Count);
            foreach (long dimension in tensor.Shape)
            {
                WriteUInt64(buffer, (ulong)dimension);
            }
            WriteUInt32(buffer, (uint)tensor.Type);
            WriteUInt64(buffer, (ulong)tensor.Offset);
        }
        _stream.Write(buffer.WrittenSpan);
        _position += buffer.WrittenCount;
        if (_tensors.Count > 0)
        {
            WriteZeros(Pad(_position, _alignment) - _position);
        }
        _headerWritten = true;
        AdvancePastEmptyTensors();
    }

    /// <summary>
    /// Appends bytes of the current tensor (the first whose data is not complete). A chunk may not run past the
    /// tensor's end; when a tensor completes, its alignment padding is written.
    /// </summary>
    /// <exception cref="InvalidOperationException">The header is not written, every tensor is complete, or the chunk is too long.</exception>
    public void WriteTensorData(ReadOnlySpan<byte> data)
    {
        long remaining = CheckChunk(data.Length);
        _stream.Write(data);
        Advance(data.Length, remaining);
    }

    /// <summary>Asynchronous form of <see cref="WriteTensorData(ReadOnlySpan{byte})"/>.</summary>
    public async ValueTask WriteTensorDataAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        long remaining = CheckChunk(data.Length);
        await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        Advance(data.Length, remaining);
    }

    /// <summary>Checks that every tensor's data was written and flushes. Writes the header first if there are no tensors.</summary>
    /// <exception cref="InvalidOperationException">A tensor's data is missing.</exception>
    public void Complete()
    {
        if (!_headerWritten)
        {
            WriteHeader();
        }
        if (_current < _tensors.Count)
        {
            throw new InvalidOperationException($"Tensor '{_tensors[_current].Name}' has {_currentWritten} of {_tensors[_current].ByteCount} bytes; {_tensors.Count - _current} tensor(s) incomplete.");
        }
        _stream.Flush();
        _completed = true;
    }

    /// <summary>True once <see cref="Complete"/> succeeded.</summary>
    public bool IsComplete => _completed;

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private long CheckChunk(int length)
    {
        if (!_headerWritten)
        {
            throw new InvalidOperationException("Write the header before tensor data.");
        }
        if (_current >= _tensors.Count)
        {
            throw new InvalidOperationException("Every declared tensor already has its data.");
        }
        long remaining = _tensors[_current].ByteCount - _currentWritten;
        if (length > remaining)
        {
            throw new InvalidOperationException($"Tensor '{_tensors[_current].Name}' needs {remaining} more bytes; got a chunk of {length}.");
        }
        return remaining;
    }

    private void Advance(int length, long remaining)
    {
        _position += length;
        _currentWritten += length;
        if (length == remaining)
        {
            WriteZeros(Pad(_currentWritten, _alignment) - _currentWritten);
            _current++;
            _currentWritten = 0;
            AdvancePastEmptyTensors();
        }
    }

    private void AdvancePastEmptyTensors()
    {
        while (_current < _tensors.Count && _tensors[_current].ByteCount == 0)
        {
            _current++;
        }
    }

    private int ValidateAlignment()
    {
        if (!Metadata.TryGetValue(GgufConstants.AlignmentKey, out GgufValue? value))
        {
            return GgufConstants.DefaultAlignment;
        }
        if (value.Type != GgufValueType.UInt32 || value.As<uint>() is 0 or > (1u << 30) || !uint.IsPow2(value.As<uint>()))
        {
            throw new InvalidOperationException($"{GgufConstants.AlignmentKey} must be a UINT32 power of two; it is {value.Describe()} {value}.");
        }
        return (int)value.As<uint>();
    }

    private void ThrowIfHeaderWritten()
    {
        if (_headerWritten)
        {
            throw new InvalidOperationException("The header is already written; metadata and tensors can no longer be declared.");
        }
    }

    private void WriteZeros(long count)
    {
        Span<byte> zeros = stackalloc byte[64];
        zeros.Clear();
        while (count > 0)
        {
            int n = (int)Math.Min(count, zeros.Length);
            _stream.Write(zeros[..n]);
            _position += n;
            count -= n;
        }
    }

    /// <summary>Rounds <paramref name="value"/> up to a multiple of <paramref name="alignment"/>.</summary>
    internal static long Pad(long value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static void WriteValue(IBufferWriter<byte> buffer, GgufValue value)
    {
        if (value.Type != GgufValueType.Array)
        {
            WriteScalar(buffer, value.Type, value.RawValue);
            return;
        }
        WriteUInt32(buffer, (uint)value.ElementType);
        var items = (Array)value.RawValue;
        WriteUInt64(buffer, (ulong)items.Length);
        foreach (object item in items)
        {
            WriteScalar(buffer, value.ElementType, item);
        }
    }

    private static void WriteScalar(IBufferWriter<byte> buffer, GgufValueType type, object value)
    {
        switch (type)
        {
            case GgufValueType.UInt8: buffer.GetSpan(1)[0] = (byte)value; buffer.Advance(1); break;
            case GgufValueType.Int8: buffer.GetSpan(1)[0] = (byte)(sbyte)value; buffer.Advance(1); break;
            case GgufValueType.Bool: buffer.GetSpan(1)[0] = (bool)value ? (byte)1 : (byte)0; buffer.Advance(1); break;
            case GgufValueType.UInt16: BinaryPrimitives.WriteUInt16LittleEndian(buffer.GetSpan(2), (ushort)value); buffer.Advance(2); break;
            case GgufValueType.Int16: BinaryPrimitives.WriteInt16LittleEndian(buffer.GetSpan(2), (short)value); buffer.Advance(2); break;
            case GgufValueType.UInt32: WriteUInt32(buffer, (uint)value); break;
            case GgufValueType.Int32: BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), (int)value); buffer.Advance(4); break;
            case GgufValueType.Float32: BinaryPrimitives.WriteSingleLittleEndian(buffer.GetSpan(4), (float)value); buffer.Advance(4); break;
            case GgufValueType.UInt64: WriteUInt64(buffer, (ulong)value); break;
            case GgufValueType.Int64: BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), (long)value); buffer.Advance(8); break;
            case GgufValueType.Float64: BinaryPrimitives.WriteDoubleLittleEndian(buffer.GetSpan(8), (double)value); buffer.Advance(8); break;
            case GgufValueType.String: WriteString(buffer, (string)value); break;
            default: throw new InvalidOperationException($"GGUF value type {type} cannot be written as a scalar.");
        }
    }

    private static void WriteUInt32(IBufferWriter<byte> buffer, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private static void WriteUInt64(IBufferWriter<byte> buffer, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteString(IBufferWriter<byte> buffer, string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        WriteUInt64(buffer, (ulong)length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }
}
