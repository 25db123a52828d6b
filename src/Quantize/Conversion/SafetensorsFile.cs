using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace LlamaEmbed.Conversion;

/// <summary>
/// A memory-mapped safetensors file: an 8-byte little-endian header length, a JSON table of tensors
/// (<c>dtype</c>, <c>shape</c>, <c>data_offsets</c>) with an optional <c>__metadata__</c> map of strings, then the
/// raw tensor bytes. Tensor data is read straight from the mapping, a slice at a time, so a multi-gigabyte
/// checkpoint costs page cache rather than managed memory.
/// </summary>
/// <remarks>
/// Everything the header claims is checked before it is trusted or anything of that size is allocated: the header
/// length against the file size and a 100 MB cap, every offset pair against the data section, the byte length
/// against shape × element size (with overflow checks), and the tensors for overlap. Any violation is a
/// <see cref="SafetensorsFormatException"/> naming the file.
/// </remarks>
public sealed unsafe class SafetensorsFile : IDisposable
{
    /// <summary>The largest header accepted, the same cap as the reference safetensors implementation.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private bool _disposed;

    private SafetensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* basePointer,
        Dictionary<string, SafetensorsTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        Path = path;
        _map = map;
        _view = view;
        _base = basePointer;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The file this was opened from.</summary>
    public string Path { get; }

    /// <summary>The tensors by name, in no particular order.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The <c>__metadata__</c> entries (e.g. <c>format</c> = <c>pt</c>); empty when absent.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens and validates <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SafetensorsFormatException">The header is malformed or disagrees with the file.</exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such safetensors file.", path);
        }
        Dictionary<string, SafetensorsTensorInfo> tensors;
        Dictionary<string, string> metadata;
        long fileLength;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
        {
            fileLength = stream.Length;
            (tensors, metadata) = ReadHeader(path, stream, fileLength);
        }
        MemoryMappedFile map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new SafetensorsFile(path, map, view, pointer + view.PointerOffset, tensors, metadata);
        }
        catch
        {
            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor.</exception>
    public SafetensorsTensorInfo this[string name] => Tensors.TryGetValue(name, out SafetensorsTensorInfo? info)
        ? info
        : throw new KeyNotFoundException($"{Path}: no tensor '{name}'.");

    /// <summary>
    /// Reads <c>destination.Length</c> elements of <paramref name="tensor"/>, starting at element
    /// <paramref name="firstElement"/>, widened exactly to float (F16 and BF16 widen without rounding).
    /// </summary>
    /// <exception cref="NotSupportedException">The tensor is not F32, F16 or BF16.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range runs past the tensor.</exception>
    public void ReadFloats(SafetensorsTensorInfo tensor, long firstElement, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!SafetensorsDTypes.IsConvertible(tensor.DType))
        {
            throw new NotSupportedException($"{System.IO.Path.GetFileName(Path)}: tensor '{tensor.Name}' has dtype {SafetensorsDTypes.Name(tensor.DType)}; only F32, F16 and BF16 can be converted.");
        }
        if (firstElement < 0 || firstElement + destination.Length > tensor.ElementCount)
        {
            throw new ArgumentOutOfRangeException(nameof(firstElement), $"Elements {firstElement}..{firstElement + destination.Length} run past tensor '{tensor.Name}' ({tensor.ElementCount} elements).");
        }
        int size = SafetensorsDTypes.Size(tensor.DType);
        byte* source = _base + tensor.DataOffset + (firstElement * size);
        var bytes = new ReadOnlySpan<byte>(source, destination.Length * size);
        switch (tensor.DType)
        {
            case SafetensorsDType.F32:
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
                break;
            case SafetensorsDType.F16:
                FloatWidening.HalfToSingle(MemoryMarshal.Cast<byte, ushort>(bytes), destination);
                break;
            default:
                FloatWidening.BFloat16ToSingle(MemoryMarshal.Cast<byte, ushort>(bytes), destination);
                break;
        }
    }

    /// <summary>Reads the whole of a (small) tensor as floats: LoRA factors, Dense heads, norms.</summary>
    public float[] ReadAllFloats(SafetensorsTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var values = new float[checked((int)tensor.ElementCount)];
        ReadFloats(tensor, 0, values);
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
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }

    private static (Dictionary<string, SafetensorsTensorInfo>, Dictionary<string, string>) ReadHeader(string path, FileStream stream, long fileLength)
    {
        string file = System.IO.Path.GetFileName(path);
        if (fileLength < 8)
        {
            throw new SafetensorsFormatException($"{file}: {fileLength} bytes is too short for a safetensors file (it needs an 8-byte header length).");
        }
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
        {
            throw new SafetensorsFormatException($"{file}: the header claims {headerLength} bytes; the limit is {MaxHeaderBytes}.");
        }
        if ((long)headerLength > fileLength - 8)
        {
            throw new SafetensorsFormatException($"{file}: the header claims {headerLength} bytes but the file has only {fileLength - 8} after the length.");
        }
        if (headerLength < 2)
        {
            throw new SafetensorsFormatException($"{file}: the header is {headerLength} bytes; it must hold at least a JSON object.");
        }
        byte[] json = new byte[headerLength];
        stream.ReadExactly(json);
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;
        return ParseHeader(file, json, dataStart, dataLength);
    }

    private static (Dictionary<string, SafetensorsTensorInfo>, Dictionary<string, string>) ParseHeader(string file, byte[] json, long dataStart, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new SafetensorsFormatException($"{file}: the header is not valid JSON ({ex.Message.Split('\n')[0]}).", ex);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsFormatException($"{file}: the header is a JSON {document.RootElement.ValueKind}, not an object.");
            }
            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ReadMetadata(file, property.Value, metadata);
                    continue;
                }
                SafetensorsTensorInfo tensor = ParseTensor(file, property, dataStart, dataLength);
                if (!tensors.TryAdd(tensor.Name, tensor))
                {
                    throw new SafetensorsFormatException($"{file}: tensor '{tensor.Name}' appears twice in the header.");
                }
            }
            CheckNoOverlap(file, tensors.Values);
            return (tensors, metadata);
        }
    }

    private static void ReadMetadata(string file, JsonElement element, Dictionary<string, string> metadata)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException($"{file}: __metadata__ must be an object of strings.");
        }
        foreach (JsonProperty entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new SafetensorsFormatException($"{file}: __metadata__ entry '{entry.Name}' is not a string.");
            }
            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsTensorInfo ParseTensor(string file, JsonProperty property, long dataStart, long dataLength)
    {
        string name = property.Name;
        JsonElement entry = property.Value;
        if (entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !entry.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !entry.TryGetProperty("data_offsets", out JsonElement offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
        {
            throw new SafetensorsFormatException($"{file}: tensor '{name}' needs a string dtype, an array shape and two data_offsets.");
        }
        string dtypeName = dtypeElement.GetString()!;
        if (!SafetensorsDTypes.TryParse(dtypeName, out SafetensorsDType dtype))
        {
            throw new SafetensorsFormatException($"{file}: tensor '{name}' has unknown dtype '{dtypeName}'.");
        }
        var shape = new long[shapeElement.GetArrayLength()];
        long elements = 1;
        int i = 0;
        foreach (JsonElement dimension in shapeElement.EnumerateArray())
        {
            if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt64(out long value) || value < 0)
            {
                throw new SafetensorsFormatException($"{file}: tensor '{name}' has a shape entry that is not a non-negative integer.");
            }
            shape[i++] = value;
            if (value != 0 && elements > long.MaxValue / value)
            {
                throw new SafetensorsFormatException($"{file}: tensor '{name}' has a shape whose element count overflows.");
            }
            elements *= value;
        }
        int size = SafetensorsDTypes.Size(dtype);
        if (elements > long.MaxValue / size)
        {
            throw new SafetensorsFormatException($"{file}: tensor '{name}' has a shape whose byte size overflows.");
        }
        long[] offsets = new long[2];
        i = 0;
        foreach (JsonElement offset in offsetsElement.EnumerateArray())
        {
            if (offset.ValueKind != JsonValueKind.Number || !offset.TryGetInt64(out long value) || value < 0)
            {
                throw new SafetensorsFormatException($"{file}: tensor '{name}' has a data offset that is not a non-negative integer.");
            }
            offsets[i++] = value;
        }
        if (offsets[0] > offsets[1] || offsets[1] > dataLength)
        {
            throw new SafetensorsFormatException($"{file}: tensor '{name}' has data_offsets [{offsets[0]}, {offsets[1]}] outside the {dataLength}-byte data section.");
        }
        long byteLength = offsets[1] - offsets[0];
        if (byteLength != elements * size)
        {
            throw new SafetensorsFormatException($"{file}: tensor '{name}' of shape [{string.Join(", ", shape)}] {dtypeName} needs {elements * size} bytes but its data_offsets span {byteLength}.");
        }
        return new SafetensorsTensorInfo(name, dtype, shape, dataStart + offsets[0], byteLength);
    }

    private static void CheckNoOverlap(string file, IEnumerable<SafetensorsTensorInfo> tensors)
    {
        SafetensorsTensorInfo? previous = null;
        foreach (SafetensorsTensorInfo tensor in tensors.Where(t => t.ByteLength > 0).OrderBy(t => t.DataOffset))
        {
            if (previous is not null && tensor.DataOffset < previous.DataOffset + previous.ByteLength)
            {
                throw new SafetensorsFormatException($"{file}: tensors '{previous.Name}' and '{tensor.Name}' overlap.");
            }
            previous = tensor;
        }
    }
}
