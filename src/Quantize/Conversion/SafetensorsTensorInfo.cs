namespace LlamaEmbed.Conversion;

/// <summary>One entry of a safetensors header, validated against the file.</summary>
/// <param name="Name">The tensor's name as the checkpoint spells it (e.g. <c>model.layers.0.self_attn.q_proj.weight</c>).</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">PyTorch shape, outermost first (a Linear weight is <c>[out_features, in_features]</c>).</param>
/// <param name="DataOffset">Offset of the first byte from the start of the file.</param>
/// <param name="ByteLength">Byte length, equal to the element count times the element size.</param>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, IReadOnlyList<long> Shape, long DataOffset, long ByteLength)
{
    /// <summary>Number of elements (1 for a scalar of shape <c>[]</c>).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The innermost dimension, i.e. the length of one row (1 for a scalar).</summary>
    public long RowLength => Shape.Count == 0 ? 1 : Shape[^1];

    /// <summary>Number of rows: the element count divided by <see cref="RowLength"/>.</summary>
    public long RowCount => RowLength == 0 ? 0 : ElementCount / RowLength;

    /// <summary>The shape as text, e.g. <c>[768, 262144]</c>.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
