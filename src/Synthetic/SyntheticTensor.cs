using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>What a tensor is, which decides how its random values are drawn.</summary>
public enum SyntheticTensorRole
{
    /// <summary><c>token_embd.weight</c>: N(0, scale/√E)-like rows.</summary>
    TokenEmbedding,

    /// <summary><c>output.weight</c>: an untied LM head.</summary>
    OutputHead,

    /// <summary>An RMSNorm weight: values near 1.</summary>
    Norm,

    /// <summary>A projection matrix: values of standard deviation scale/√fan_in.</summary>
    Weight,

    /// <summary>A bias vector: small values.</summary>
    Bias,
}

/// <summary>One tensor of a synthetic model: its GGUF name, storage type, ggml-order shape and role.</summary>
/// <param name="Name">The GGUF tensor name, e.g. <c>blk.0.attn_q.weight</c>.</param>
/// <param name="Type">The storage type (norms and biases are always F32, like the converter writes them).</param>
/// <param name="Shape">Dimensions in ggml order: <c>Shape[0]</c> is the contiguous input dimension.</param>
/// <param name="Role">How values are drawn.</param>
public sealed record SyntheticTensor(string Name, GgmlType Type, IReadOnlyList<long> Shape, SyntheticTensorRole Role)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The input dimension a matrix multiplies over (<c>Shape[0]</c>).</summary>
    public long FanIn => Shape[0];

    /// <summary>Bytes of data in the file (without alignment padding).</summary>
    public long ByteCount => GgmlTypeInfo.TryGetTensorBytes(Type, [.. Shape], out long bytes) ? bytes : throw new InvalidOperationException($"Tensor {Name} has an invalid shape.");
}
