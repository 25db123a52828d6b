namespace LlamaEmbed.Gguf;

/// <summary>Reads one metadata value (type id, then scalar, string or array) with llama.cpp's caps and checks.</summary>
internal static class GgufValueParser
{
    /// <summary>The vocabulary key, whose strings must be unique.</summary>
    internal const string TokensKey = "tokenizer.ggml.tokens";

    public static GgufValue Read(GgufHeaderReader reader, string key)
    {
        long typeOffset = reader.Position;
        int typeId = reader.ReadInt32($"the type of key '{key}'");
        var type = (GgufValueType)typeId;
        if (type == GgufValueType.Array)
        {
            return ReadArray(reader, key);
        }
        if (!Enum.IsDefined(type))
        {
            throw GgufFormatError.Create(typeOffset, $"key '{key}' has unknown value type {typeId}");
        }
        string what = $"the value of key '{key}'";
        return type switch
        {
            GgufValueType.UInt8 => GgufValue.UInt8(reader.ReadByte(what)),
            GgufValueType.Int8 => GgufValue.Int8((sbyte)reader.ReadByte(what)),
            GgufValueType.UInt16 => GgufValue.UInt16(reader.ReadUInt16(what)),
            GgufValueType.Int16 => GgufValue.Int16((short)reader.ReadUInt16(what)),
            GgufValueType.UInt32 => GgufValue.UInt32(reader.ReadUInt32(what)),
            GgufValueType.Int32 => GgufValue.Int32(reader.ReadInt32(what)),
            GgufValueType.Float32 => GgufValue.Float32(reader.ReadSingle(what)),
            GgufValueType.Bool => GgufValue.Bool(ReadBool(reader, what)),
            GgufValueType.String => GgufValue.String(reader.ReadString(what)),
            GgufValueType.UInt64 => GgufValue.UInt64(reader.ReadUInt64(what)),
            GgufValueType.Int64 => GgufValue.Int64(reader.ReadInt64(what)),
            _ => GgufValue.Float64(reader.ReadDouble(what)),
        };
    }

    /// <summary>A bool is one byte; like llama.cpp, any non-zero byte is true (it is written back as 1).</summary>
    private static bool ReadBool(GgufHeaderReader reader, string what) => reader.ReadByte(what) != 0;

    private static GgufValue ReadArray(GgufHeaderReader reader, string key)
    {
        long elementTypeOffset = reader.Position;
        int elementId = reader.ReadInt32($"the element type of array key '{key}'");
        var elementType = (GgufValueType)elementId;
        if (elementType == GgufValueType.Array)
        {
            throw GgufFormatError.Create(elementTypeOffset, $"key '{key}' is an array of arrays, which GGUF readers (llama.cpp included) reject");
        }
        if (!Enum.IsDefined(elementType))
        {
            throw GgufFormatError.Create(elementTypeOffset, $"array key '{key}' has unknown element type {elementId}");
        }
        long countOffset = reader.Position;
        ulong count = reader.ReadUInt64($"the element count of array key '{key}'");
        int minBytes = elementType == GgufValueType.String ? 8 : ElementSize(elementType);
        if (count > GgufHeaderReader.MaxArrayElements)
        {
            throw GgufFormatError.Create(countOffset, $"array key '{key}' claims {count} elements, more than the {GgufHeaderReader.MaxArrayElements} allowed");
        }
        if (count * (ulong)minBytes > (ulong)reader.Remaining)
        {
            throw GgufFormatError.Create(countOffset, $"array key '{key}' claims {count} elements of {elementType} (at least {count * (ulong)minBytes} bytes) but only {reader.Remaining} bytes remain");
        }
        int n = (int)count;
        string what = $"an element of array key '{key}'";
        switch (elementType)
        {
            case GgufValueType.UInt8: return GgufValue.Array(Fill(n, () => reader.ReadByte(what)));
            case GgufValueType.Int8: return GgufValue.Array(Fill(n, () => (sbyte)reader.ReadByte(what)));
            case GgufValueType.UInt16: return GgufValue.Array(Fill(n, () => reader.ReadUInt16(what)));
            case GgufValueType.Int16: return GgufValue.Array(Fill(n, () => (short)reader.ReadUInt16(what)));
            case GgufValueType.UInt32: return GgufValue.Array(Fill(n, () => reader.ReadUInt32(what)));
            case GgufValueType.Int32: return GgufValue.Array(Fill(n, () => reader.ReadInt32(what)));
            case GgufValueType.Float32: return GgufValue.Array(Fill(n, () => reader.ReadSingle(what)));
            case GgufValueType.Bool: return GgufValue.Array(Fill(n, () => ReadBool(reader, what)));
            case GgufValueType.String: return GgufValue.Array(ReadStrings(reader, key, n, what));
            case GgufValueType.UInt64: return GgufValue.Array(Fill(n, () => reader.ReadUInt64(what)));
            case GgufValueType.Int64: return GgufValue.Array(Fill(n, () => reader.ReadInt64(what)));
            default: return GgufValue.Array(Fill(n, () => reader.ReadDouble(what)));
        }
    }

    /// <summary>
    /// Reads a string array. For <c>tokenizer.ggml.tokens</c> it also applies llama.cpp's uniqueness rule (empty
    /// strings count as <c>[EMPTY_i]</c>): a duplicate token trips an assert that aborts the process, so it is
    /// a format error here, at the duplicate's offset.
    /// </summary>
    private static string[] ReadStrings(GgufHeaderReader reader, string key, int count, string what)
    {
        var items = new string[count];
        Dictionary<string, int>? seen = key == TokensKey ? new(count, StringComparer.Ordinal) : null;
        for (int i = 0; i < items.Length; i++)
        {
            long offset = reader.Position;
            items[i] = reader.ReadString(what);
            string text = items[i].Length == 0 ? $"[EMPTY_{i}]" : items[i];
            if (seen is not null && !seen.TryAdd(text, i))
            {
                throw GgufFormatError.Create(offset, $"{TokensKey} has the string '{text}' twice (token ids {seen[text]} and {i}); llama.cpp asserts unique tokens and aborts the process");
            }
        }
        return items;
    }

    private static T[] Fill<T>(int count, Func<T> read)
    {
        var items = new T[count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = read();
        }
        return items;
    }

    private static int ElementSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        _ => 8,
    };
}
