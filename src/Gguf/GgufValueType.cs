namespace LlamaEmbed.Gguf;

/// <summary>Metadata value types of GGUF (<c>enum gguf_type</c>; the numeric values are the file format).</summary>
#pragma warning disable CA1720 // Identifiers contain type names: they name the on-disk types.
public enum GgufValueType
{
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 0,
    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 1,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 2,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 3,
    /// <summary>Unsigned 32-bit integer: counts, sizes, token ids in llama.cpp.</summary>
    UInt32 = 4,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 5,
    /// <summary>32-bit float: epsilons, RoPE bases, scores.</summary>
    Float32 = 6,
    /// <summary>One byte, zero is false.</summary>
    Bool = 7,
    /// <summary>UTF-8 text with a 64-bit length prefix and no terminator.</summary>
    String = 8,
    /// <summary>A typed array of one element type (arrays of arrays are not allowed).</summary>
    Array = 9,
    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 10,
    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 11,
    /// <summary>64-bit float.</summary>
    Float64 = 12,
}
#pragma warning restore CA1720
