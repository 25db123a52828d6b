namespace LlamaEmbed.Gguf;

/// <summary>
/// One tensor's header record: name, element type, dimensions in ggml order (<see cref="Shape"/>[0] is the
/// contiguous dimension, i.e. PyTorch's last), and where its data lies relative to the data section.
/// </summary>
public sealed record GgufTensorInfo
{
    /// <summary>Creates a tensor record; <paramref name="shape"/> is copied.</summary>
    public GgufTensorInfo(string name, GgmlType type, IReadOnlyList<long> shape, long offset = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        Type = type;
        Shape = [.. shape];
        Offset = offset;
    }

    /// <summary>Tensor name, e.g. <c>blk.0.attn_q.weight</c> (GGUF allows at most 63 UTF-8 bytes).</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public GgmlType Type { get; }

    /// <summary>Dimensions in ggml order (ne[0] first); a Linear weight <c>[out, in]</c> is <c>[in, out]</c> here.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Offset of the data from the start of the data section, in bytes.</summary>
    public long Offset { get; init; }

    /// <summary>Number of elements (the product of <see cref="Shape"/>).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Bytes of the data, without alignment padding.</summary>
    /// <exception cref="InvalidOperationException">The shape does not fit the type's block size.</exception>
    public long ByteCount => GgmlTypeInfo.TryGetTensorBytes(Type, [.. Shape], out long bytes)
        ? bytes
        : throw new InvalidOperationException($"Tensor '{Name}' of type {Type} has a shape [{string.Join(", ", Shape)}] whose size cannot be computed.");

    /// <summary>Equality compares name, type, offset and every dimension.</summary>
    public bool Equals(GgufTensorInfo? other) =>
        other is not null && Name == other.Name && Type == other.Type && Offset == other.Offset && Shape.SequenceEqual(other.Shape);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Type, Offset, Shape.Count);
}
