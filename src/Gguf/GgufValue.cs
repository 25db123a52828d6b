using System.Collections;

namespace LlamaEmbed.Gguf;

/// <summary>
/// One GGUF metadata value: a scalar, a string, or a typed array. Immutable; equality compares type and content,
/// so a file read back compares equal to the values that were written.
/// </summary>
/// <remarks>
/// llama.cpp reads every key with one exact expected type and refuses a file where it differs (no widening), so
/// the factories are explicit about the on-disk type: write counts as <see cref="UInt32(uint)"/>, epsilons as
/// <see cref="Float32(float)"/>, flags as <see cref="Bool(bool)"/>.
/// </remarks>
public sealed class GgufValue : IEquatable<GgufValue>
{
    private readonly object _value;

    private GgufValue(GgufValueType type, GgufValueType elementType, object value)
    {
        Type = type;
        ElementType = elementType;
        _value = value;
    }

    /// <summary>The on-disk type.</summary>
    public GgufValueType Type { get; }

    /// <summary>For arrays, the element type; otherwise the same as <see cref="Type"/>.</summary>
    public GgufValueType ElementType { get; }

    /// <summary>Number of elements of an array; 1 for a scalar or string.</summary>
    public int Count => _value is Array array ? array.Length : 1;

    /// <summary>Creates a UINT8 value.</summary>
    public static GgufValue UInt8(byte value) => new(GgufValueType.UInt8, GgufValueType.UInt8, value);
    /// <summary>Creates an INT8 value.</summary>
    public static GgufValue Int8(sbyte value) => new(GgufValueType.Int8, GgufValueType.Int8, value);
    /// <summary>Creates a UINT16 value.</summary>
    public static GgufValue UInt16(ushort value) => new(GgufValueType.UInt16, GgufValueType.UInt16, value);
    /// <summary>Creates an INT16 value.</summary>
    public static GgufValue Int16(short value) => new(GgufValueType.Int16, GgufValueType.Int16, value);
    /// <summary>Creates a UINT32 value (llama.cpp's type for counts, sizes and token ids).</summary>
    public static GgufValue UInt32(uint value) => new(GgufValueType.UInt32, GgufValueType.UInt32, value);
    /// <summary>Creates an INT32 value.</summary>
    public static GgufValue Int32(int value) => new(GgufValueType.Int32, GgufValueType.Int32, value);
    /// <summary>Creates a FLOAT32 value.</summary>
    public static GgufValue Float32(float value) => new(GgufValueType.Float32, GgufValueType.Float32, value);
    /// <summary>Creates a BOOL value.</summary>
    public static GgufValue Bool(bool value) => new(GgufValueType.Bool, GgufValueType.Bool, value);
    /// <summary>Creates a STRING value.</summary>
    public static GgufValue String(string value) => new(GgufValueType.String, GgufValueType.String, value ?? throw new ArgumentNullException(nameof(value)));
    /// <summary>Creates a UINT64 value.</summary>
    public static GgufValue UInt64(ulong value) => new(GgufValueType.UInt64, GgufValueType.UInt64, value);
    /// <summary>Creates an INT64 value.</summary>
    public static GgufValue Int64(long value) => new(GgufValueType.Int64, GgufValueType.Int64, value);
    /// <summary>Creates a FLOAT64 value.</summary>
    public static GgufValue Float64(double value) => new(GgufValueType.Float64, GgufValueType.Float64, value);

    /// <summary>Creates an ARRAY of UINT8.</summary>
    public static GgufValue Array(byte[] items) => MakeArray(GgufValueType.UInt8, items);
    /// <summary>Creates an ARRAY of INT8.</summary>
    public static GgufValue Array(sbyte[] items) => MakeArray(GgufValueType.Int8, items);
    /// <summary>Creates an ARRAY of UINT16.</summary>
    public static GgufValue Array(ushort[] items) => MakeArray(GgufValueType.UInt16, items);
    /// <summary>Creates an ARRAY of INT16.</summary>
    public static GgufValue Array(short[] items) => MakeArray(GgufValueType.Int16, items);
    /// <summary>Creates an ARRAY of UINT32.</summary>
    public static GgufValue Array(uint[] items) => MakeArray(GgufValueType.UInt32, items);
    /// <summary>Creates an ARRAY of INT32 (llama.cpp's only accepted type for <c>tokenizer.ggml.token_type</c>).</summary>
    public static GgufValue Array(int[] items) => MakeArray(GgufValueType.Int32, items);
    /// <summary>Creates an ARRAY of FLOAT32.</summary>
    public static GgufValue Array(float[] items) => MakeArray(GgufValueType.Float32, items);
    /// <summary>Creates an ARRAY of BOOL.</summary>
    public static GgufValue Array(bool[] items) => MakeArray(GgufValueType.Bool, items);
    /// <summary>Creates an ARRAY of STRING.</summary>
    public static GgufValue Array(string[] items) => MakeArray(GgufValueType.String, items);
    /// <summary>Creates an ARRAY of UINT64.</summary>
    public static GgufValue Array(ulong[] items) => MakeArray(GgufValueType.UInt64, items);
    /// <summary>Creates an ARRAY of INT64.</summary>
    public static GgufValue Array(long[] items) => MakeArray(GgufValueType.Int64, items);
    /// <summary>Creates an ARRAY of FLOAT64.</summary>
    public static GgufValue Array(double[] items) => MakeArray(GgufValueType.Float64, items);

    private static GgufValue MakeArray(GgufValueType elementType, Array items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new GgufValue(GgufValueType.Array, elementType, items);
    }

    /// <summary>The scalar as <typeparamref name="T"/>; throws when the stored type is another.</summary>
    /// <exception cref="InvalidCastException">The value is an array or of another type.</exception>
    public T As<T>() => _value is T typed && Type != GgufValueType.Array
        ? typed
        : throw new InvalidCastException($"GGUF value of type {Describe()} is not a {typeof(T).Name}.");

    /// <summary>The elements of an array of <typeparamref name="T"/>; throws when the value is not such an array.</summary>
    /// <exception cref="InvalidCastException">The value is not an array of <typeparamref name="T"/>.</exception>
    public IReadOnlyList<T> AsArray<T>() => _value.GetType() == typeof(T[])
        ? (T[])_value
        : throw new InvalidCastException($"GGUF value of type {Describe()} is not an array of {typeof(T).Name}.");

    /// <summary>Tries to read the scalar as <typeparamref name="T"/>.</summary>
    public bool TryAs<T>(out T value)
    {
        if (Type != GgufValueType.Array && _value is T typed)
        {
            value = typed;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>The boxed scalar, string, or typed array (<c>uint[]</c>, <c>string[]</c>, …).</summary>
    public object RawValue => _value;

    /// <summary>"UINT32", or "ARRAY[STRING]" for arrays.</summary>
    public string Describe() => Type == GgufValueType.Array ? $"ARRAY[{Name(ElementType)}]" : Name(Type);

    private static string Name(GgufValueType type) => type.ToString().ToUpperInvariant();

    /// <inheritdoc />
    public bool Equals(GgufValue? other)
    {
        if (other is null || other.Type != Type || other.ElementType != ElementType)
        {
            return false;
        }
        if (_value is Array left && other._value is Array right)
        {
            return StructuralComparisons.StructuralEqualityComparer.Equals(left, right);
        }
        return _value.Equals(other._value);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GgufValue);

    /// <inheritdoc />
    public override int GetHashCode() => _value is Array array
        ? HashCode.Combine(Type, ElementType, array.Length)
        : HashCode.Combine(Type, _value);

    /// <inheritdoc />
    public override string ToString() => _value is Array array ? $"{Describe()} ({array.Length})" : $"{_value}";
}
