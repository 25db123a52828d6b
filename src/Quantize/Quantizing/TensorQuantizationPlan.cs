using LlamaEmbed.Gguf;

namespace LlamaEmbed.Quantization;

/// <summary>What happens to one tensor: its type before and after, in the order the output file stores it.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Shape">Dimensions in ggml order (<c>Shape[0]</c> contiguous).</param>
/// <param name="SourceType">Type in the input file.</param>
/// <param name="TargetType">Type in the output file; equal to <paramref name="SourceType"/> when the tensor is copied.</param>
public sealed record TensorQuantizationPlan(string Name, IReadOnlyList<long> Shape, GgmlType SourceType, GgmlType TargetType)
{
    /// <summary>True when the data is converted; false when it is copied byte for byte.</summary>
    public bool IsConverted => SourceType != TargetType;

    /// <summary>Values per row (<c>ne0</c>).</summary>
    public long RowLength => Shape.Count > 0 ? Shape[0] : 1;

    /// <summary>Number of rows (the product of the other dimensions).</summary>
    public long RowCount => Shape.Skip(1).Aggregate(1L, (a, b) => a * b);

    /// <summary>Data bytes in the input file.</summary>
    public long SourceBytes => RowCount * GgmlTypeInfo.RowBytes(SourceType, RowLength);

    /// <summary>Data bytes in the output file (before alignment padding).</summary>
    public long TargetBytes => RowCount * GgmlTypeInfo.RowBytes(TargetType, RowLength);
}
