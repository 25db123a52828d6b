using System.Text;

namespace LlamaEmbed.Gguf;

/// <summary>
/// Parses a GGUF header (magic through tensor records and the alignment padding) with the rules of llama.cpp's
/// <c>gguf_init_from_file</c>, throwing <see cref="InvalidDataException"/> at the first violation.
/// </summary>
internal static class GgufHeaderParser
{
    /// <summary>Smallest possible metadata record: 8-byte key length, 1 key byte, 4-byte type, 1 value byte.</summary>
    private const int MinKeyValueBytes = 14;

    /// <summary>Smallest possible tensor record: 8-byte name length, 4-byte n_dims, 4-byte type, 8-byte offset.</summary>
    private const int MinTensorInfoBytes = 24;

    internal sealed record Result(uint Version, GgufMetadata Metadata, List<GgufTensorInfo> Tensors, int Alignment, long DataOffset);

    public static Result Parse(Stream stream, long length)
    {
        var reader = new GgufHeaderReader(stream, 0, length);
        if (length < 4)
        {
            throw GgufFormatError.Create(0, $"the file is {length} bytes, too short for the GGUF magic");
        }
        uint magic = reader.ReadUInt32("the magic");
        if (magic != GgufConstants.Magic)
        {
            throw GgufFormatError.Create(0, $"wrong magic {DescribeMagic(magic)}, expected 'GGUF': not a GGUF file");
        }
        uint version = reader.ReadUInt32("the version");
        if ((version & 0xFFFF) == 0)
        {
            throw GgufFormatError.Create(4, $"version {version} (0x{version:X8}) is implausible: the file was probably written with the other byte order, and big-endian GGUF is not supported");
        }
        if (version == 1)
        {
            throw GgufFormatError.Create(4, "GGUF version 1 is no longer supported (llama.cpp reads 2 and 3)");
        }
        if (version > GgufConstants.Version)
        {
            throw GgufFormatError.Create(4, $"GGUF version {version} is newer than the supported {GgufConstants.Version}");
        }

        long tensorCount = ReadCount(reader, "tensor count", MinTensorInfoBytes, bytesStillInHeader: 8);
        long kvCount = ReadCount(reader, "metadata key/value count", MinKeyValueBytes, bytesStillInHeader: 0);
        if (tensorCount * MinTensorInfoBytes > reader.Remaining - kvCount * MinKeyValueBytes)
        {
            throw GgufFormatError.Create(8, $"the header claims {tensorCount} tensors and {kvCount} keys, but only {reader.Remaining} bytes remain to hold them");
        }

        var metadata = new GgufMetadata();
        long alignmentValueOffset = -1;
        for (long i = 0; i < kvCount; i++)
        {
            long keyOffset = reader.Position;
            string key = reader.ReadString($"the name of key #{i}");
            if (key.Length == 0)
            {
                throw GgufFormatError.Create(keyOffset, $"key #{i} is empty");
            }
            if (metadata.ContainsKey(key))
            {
                throw GgufFormatError.Create(keyOffset, $"duplicate key '{key}' (key #{i})");
            }
            long valueOffset = reader.Position;
            metadata.Add(key, GgufValueParser.Read(reader, key));
            if (key == GgufConstants.AlignmentKey)
            {
                alignmentValueOffset = valueOffset;
            }
        }
        int alignment = CheckAlignment(metadata, alignmentValueOffset);

        var tensors = new List<GgufTensorInfo>((int)Math.Min(tensorCount, 1 << 16));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var offsetFields = new long[tensorCount];
        for (long i = 0; i < tensorCount; i++)
        {
            tensors.Add(ReadTensorInfo(reader, i, names, out offsetFields[i]));
        }

        long dataOffset = reader.Position;
        if (tensorCount > 0)
        {
            long padded = GgufWriter.Pad(dataOffset, alignment);
            if (padded > length)
            {
                throw GgufFormatError.Create(dataOffset, $"the file ends ({length} bytes) before the data section, which starts at byte {padded} after alignment padding");
            }
            dataOffset = padded;
        }
        CheckOffsets(tensors, offsetFields, alignment, dataOffset, length);
        return new Result(version, metadata, tensors, alignment, dataOffset);
    }

    private static long ReadCount(GgufHeaderReader reader, string what, int minBytesEach, int bytesStillInHeader)
    {
        long offset = reader.Position;
        long count = reader.ReadInt64(what);
        if (count < 0)
        {
            throw GgufFormatError.Create(offset, $"the {what} is negative ({count})");
        }
        long room = reader.Remaining - bytesStillInHeader;
        if (count > room / minBytesEach)
        {
            throw GgufFormatError.Create(offset, $"the {what} {count} is impossible: each entry needs at least {minBytesEach} bytes and only {Math.Max(room, 0)} remain");
        }
        return count;
    }

    private static int CheckAlignment(GgufMetadata metadata, long valueOffset)
    {
        if (!metadata.TryGetValue(GgufConstants.AlignmentKey, out GgufValue? value))
        {
            return GgufConstants.DefaultAlignment;
        }
        if (value.Type != GgufValueType.UInt32)
        {
            throw GgufFormatError.Create(valueOffset, $"{GgufConstants.AlignmentKey} must be UINT32 but is {value.Describe()}");
        }
        uint alignment = value.As<uint>();
        if (alignment == 0 || !uint.IsPow2(alignment) || alignment > 1u << 30)
        {
            throw GgufFormatError.Create(valueOffset, $"{GgufConstants.AlignmentKey} is {alignment}, not a power of two");
        }
        return (int)alignment;
    }

    private static GgufTensorInfo ReadTensorInfo(GgufHeaderReader reader, long index, HashSet<string> names, out long offsetField)
    {
        long nameOffset = reader.Position;
        string name = reader.ReadString($"the name of tensor #{index}", GgufConstants.MaxTensorNameBytes - 1);
        if (!names.Add(name))
        {
            throw GgufFormatError.Create(nameOffset, $"duplicate tensor name '{name}' (tensor #{index})");
        }
        long dimsOffset = reader.Position;
        uint dims = reader.ReadUInt32($"the dimension count of tensor '{name}'");
        if (dims > GgufConstants.MaxDimensions)
        {
            throw GgufFormatError.Create(dimsOffset, $"tensor '{name}' has {dims} dimensions, more than {GgufConstants.MaxDimensions}");
        }
        var shape = new long[dims];
        long elements = 1;
        for (int d = 0; d < dims; d++)
        {
            long dimOffset = reader.Position;
            shape[d] = reader.ReadInt64($"dimension {d} of tensor '{name}'");
            if (shape[d] < 0)
            {
                throw GgufFormatError.Create(dimOffset, $"tensor '{name}' dimension {d} is negative ({shape[d]})");
            }
            if (shape[d] != 0 && elements > long.MaxValue / shape[d])
            {
                throw GgufFormatError.Create(dimOffset, $"tensor '{name}' has more than {long.MaxValue} elements");
            }
            elements *= shape[d];
        }
        long typeOffset = reader.Position;
        int typeId = reader.ReadInt32($"the type of tensor '{name}'");
        var type = (GgmlType)typeId;
        if (!GgmlTypeInfo.IsKnown(type))
        {
            throw GgufFormatError.Create(typeOffset, $"tensor '{name}' has unknown or removed ggml type id {typeId}");
        }
        long ne0 = dims > 0 ? shape[0] : 1;
        if (ne0 % GgmlTypeInfo.BlockSize(type) != 0)
        {
            throw GgufFormatError.Create(dimsOffset + 4, $"tensor '{name}' of type {type} has {ne0} values per row, not a multiple of the block size {GgmlTypeInfo.BlockSize(type)}");
        }
        if (!GgmlTypeInfo.TryGetTensorBytes(type, shape, out _))
        {
            throw GgufFormatError.Create(dimsOffset, $"tensor '{name}' of type {type} with shape [{string.Join(", ", shape)}] is too large to address");
        }
        offsetField = reader.Position;
        ulong offset = reader.ReadUInt64($"the data offset of tensor '{name}'");
        if (offset > long.MaxValue)
        {
            throw GgufFormatError.Create(offsetField, $"tensor '{name}' has data offset {offset}, beyond any file");
        }
        return new GgufTensorInfo(name, type, shape, (long)offset);
    }

    private static void CheckOffsets(List<GgufTensorInfo> tensors, long[] offsetFields, int alignment, long dataOffset, long length)
    {
        long expected = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            GgufTensorInfo tensor = tensors[i];
            long bytes = tensor.ByteCount;
            if (tensor.Offset != expected)
            {
                string why = tensor.Offset % alignment != 0 ? $"misaligned (not a multiple of {alignment})"
                    : tensor.Offset < expected ? "overlapping the previous tensor's data"
                    : "leaving a gap after the previous tensor's data";
                throw GgufFormatError.Create(offsetFields[i], $"tensor '{tensor.Name}' has data offset {tensor.Offset}, expected {expected}: {why}; llama.cpp requires the data in header order, each tensor padded to {alignment} bytes");
            }
            if (bytes > length - dataOffset - tensor.Offset)
            {
                throw GgufFormatError.Create(offsetFields[i], $"tensor '{tensor.Name}' needs {bytes} bytes at byte {dataOffset + tensor.Offset}, past the end of the file ({length} bytes)");
            }
            expected = checked(tensor.Offset + GgufWriter.Pad(bytes, alignment));
        }
    }

    private static string DescribeMagic(uint magic)
    {
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, magic);
        var text = new StringBuilder(8);
        foreach (byte b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }
        return $"'{text}' (0x{magic:X8})";
    }
}
