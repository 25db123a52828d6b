using System.Buffers.Binary;
using System.Text.Json;

namespace LlamaEmbed.Conversion;

/// <summary>One tensor for <see cref="SafetensorsWriter"/>: its values are produced a chunk at a time by <see cref="Fill"/>.</summary>
/// <param name="Name">The tensor name.</param>
/// <param name="DType">F32, F16 or BF16; values are rounded to nearest even.</param>
/// <param name="Shape">PyTorch shape.</param>
/// <param name="Fill">Writes the values starting at the given element index into the span.</param>
internal sealed record SafetensorsEntry(string Name, SafetensorsDType DType, long[] Shape, Action<long, Span<float>> Fill)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// Writes safetensors files with bounded memory (synthetic checkpoints for tests and the conversion benchmark):
/// the JSON header padded to 8 bytes, then each tensor's values encoded chunk by chunk.
/// </summary>
internal static class SafetensorsWriter
{
    private const int ChunkElements = 1 << 20;

    public static void Write(string path, IReadOnlyList<SafetensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is not null)
        {
            header["__metadata__"] = metadata;
        }
        long offset = 0;
        foreach (SafetensorsEntry entry in entries)
        {
            long bytes = entry.ElementCount * SafetensorsDTypes.Size(entry.DType);
            header[entry.Name] = new Dictionary<string, object>
            {
                ["dtype"] = SafetensorsDTypes.Name(entry.DType),
                ["shape"] = entry.Shape,
                ["data_offsets"] = new[] { offset, offset + bytes },
            };
            offset += bytes;
        }
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        int padded = (json.Length + 7) / 8 * 8;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }
        var values = new float[ChunkElements];
        var encoded = new byte[ChunkElements * 4];
        foreach (SafetensorsEntry entry in entries)
        {
            int size = SafetensorsDTypes.Size(entry.DType);
            for (long first = 0; first < entry.ElementCount; first += ChunkElements)
            {
                int count = (int)Math.Min(ChunkElements, entry.ElementCount - first);
                Span<float> chunk = values.AsSpan(0, count);
                entry.Fill(first, chunk);
                for (int i = 0; i < count; i++)
                {
                    Encode(entry.DType, chunk[i], encoded.AsSpan(i * size, size));
                }
                stream.Write(encoded, 0, count * size);
            }
        }
    }

    /// <summary>The value <paramref name="value"/> becomes when stored as <paramref name="dtype"/>.</summary>
    public static float RoundTrip(float value, SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F16 => (float)(Half)value,
        SafetensorsDType.BF16 => BitConverter.Int32BitsToSingle(ToBFloat16(value) << 16),
        _ => value,
    };

    private static void Encode(SafetensorsDType dtype, float value, Span<byte> destination)
    {
        switch (dtype)
        {
            case SafetensorsDType.F32: BinaryPrimitives.WriteSingleLittleEndian(destination, value); break;
            case SafetensorsDType.F16: BinaryPrimitives.WriteHalfLittleEndian(destination, (Half)value); break;
            case SafetensorsDType.BF16: BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)ToBFloat16(value)); break;
            default: throw new NotSupportedException($"The writer encodes F32, F16 and BF16, not {dtype}.");
        }
    }

    /// <summary>Round-to-nearest-even float → bfloat16 bits (ggml's rule, NaN kept quiet).</summary>
    private static int ToBFloat16(float value)
    {
        uint u = BitConverter.SingleToUInt32Bits(value);
        return (u & 0x7fffffff) > 0x7f800000 ? (int)((u >> 16) | 64) : (int)((u + 0x7fff + ((u >> 16) & 1)) >> 16);
    }
}
