using System.Numerics.Tensors;
using LlamaEmbed.Embeddings.Profiles;

namespace LlamaEmbed.Embeddings.Pooling;

/// <summary>A linear layer applied after pooling (Gemma-Embed's head to 256 dimensions): <c>y = W·x + b</c>, W row-major <c>[out, in]</c>.</summary>
internal sealed class ProjectionHead
{
    private readonly float[] _weight;
    private readonly float[]? _bias;

    /// <summary>Creates the head from the file's data.</summary>
    public ProjectionHead(ProjectionHeadData data)
    {
        Outputs = data.Outputs;
        Inputs = data.Inputs;
        _weight = data.Weight;
        _bias = data.Bias;
    }

    /// <summary>Output size.</summary>
    public int Outputs { get; }

    /// <summary>Input size.</summary>
    public int Inputs { get; }

    /// <summary>Applies the head to <paramref name="input"/>.</summary>
    public void Apply(ReadOnlySpan<float> input, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(input.Length, Inputs);
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, Outputs);
        ReadOnlySpan<float> weight = _weight;
        for (int o = 0; o < Outputs; o++)
        {
            destination[o] = TensorPrimitives.Dot(weight.Slice(o * Inputs, Inputs), input);
        }
        if (_bias is not null)
        {
            TensorPrimitives.Add(destination, _bias, destination);
        }
    }
}
