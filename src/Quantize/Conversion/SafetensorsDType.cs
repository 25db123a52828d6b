namespace LlamaEmbed.Conversion;

/// <summary>The element types a safetensors header can name (its <c>dtype</c> strings).</summary>
/// <remarks>Only <see cref="F32"/>, <see cref="F16"/> and <see cref="BF16"/> can be converted; the others are known so
/// that their byte lengths can be validated and the error can name them.</remarks>
public enum SafetensorsDType
{
    /// <summary>IEEE binary32.</summary>
    F32,

    /// <summary>IEEE binary16.</summary>
    F16,

    /// <summary>bfloat16: the upper 16 bits of a binary32.</summary>
    BF16,

    /// <summary>IEEE binary64.</summary>
    F64,

    /// <summary>Signed 8-bit integer.</summary>
    I8,

    /// <summary>Unsigned 8-bit integer.</summary>
    U8,

    /// <summary>Signed 16-bit integer.</summary>
    I16,

    /// <summary>Unsigned 16-bit integer.</summary>
    U16,

    /// <summary>Signed 32-bit integer.</summary>
    I32,

    /// <summary>Unsigned 32-bit integer.</summary>
    U32,

    /// <summary>Signed 64-bit integer.</summary>
    I64,

    /// <summary>Unsigned 64-bit integer.</summary>
    U64,

    /// <summary>Boolean, one byte.</summary>
    Bool,

    /// <summary>8-bit float, 4 exponent bits.</summary>
    F8E4M3,

    /// <summary>8-bit float, 5 exponent bits.</summary>
    F8E5M2,
}

/// <summary>Names and sizes of <see cref="SafetensorsDType"/> values.</summary>
public static class SafetensorsDTypes
{
    /// <summary>Parses a header <c>dtype</c> string (e.g. <c>BF16</c>); false for a name safetensors does not define.</summary>
    public static bool TryParse(string name, out SafetensorsDType dtype)
    {
        (bool ok, dtype) = name switch
        {
            "F32" => (true, SafetensorsDType.F32),
            "F16" => (true, SafetensorsDType.F16),
            "BF16" => (true, SafetensorsDType.BF16),
            "F64" => (true, SafetensorsDType.F64),
            "I8" => (true, SafetensorsDType.I8),
            "U8" => (true, SafetensorsDType.U8),
            "I16" => (true, SafetensorsDType.I16),
            "U16" => (true, SafetensorsDType.U16),
            "I32" => (true, SafetensorsDType.I32),
            "U32" => (true, SafetensorsDType.U32),
            "I64" => (true, SafetensorsDType.I64),
            "U64" => (true, SafetensorsDType.U64),
            "BOOL" => (true, SafetensorsDType.Bool),
            "F8_E4M3" => (true, SafetensorsDType.F8E4M3),
            "F8_E5M2" => (true, SafetensorsDType.F8E5M2),
            _ => (false, SafetensorsDType.F32),
        };
        return ok;
    }

    /// <summary>The header spelling of <paramref name="dtype"/>.</summary>
    public static string Name(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.Bool => "BOOL",
        SafetensorsDType.F8E4M3 => "F8_E4M3",
        SafetensorsDType.F8E5M2 => "F8_E5M2",
        _ => dtype.ToString(),
    };

    /// <summary>Bytes per element.</summary>
    public static int Size(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 or SafetensorsDType.I64 or SafetensorsDType.U64 => 8,
        SafetensorsDType.F32 or SafetensorsDType.I32 or SafetensorsDType.U32 => 4,
        SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I16 or SafetensorsDType.U16 => 2,
        _ => 1,
    };

    /// <summary>True for the three float types the converter reads exactly (F32, F16, BF16).</summary>
    public static bool IsConvertible(SafetensorsDType dtype) =>
        dtype is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16;
}
