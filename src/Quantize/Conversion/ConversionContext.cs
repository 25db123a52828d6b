using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>One output tensor: its GGUF name, type, ggml shape (ne0 first) and where its rows come from.</summary>
internal sealed record PlannedTensor(string Name, GgmlType Type, long[] Shape, ITensorRows Rows)
{
    public long ByteCount => GgmlTypeInfo.RowBytes(Type, Shape[0]) * (Shape.Aggregate(1L, (a, b) => a * b) / Shape[0]);
}

/// <summary>Everything a per-architecture converter needs while it plans the output.</summary>
internal sealed class ConversionContext(HuggingFaceCheckpoint checkpoint, GgufVocabulary vocabulary, TensorStore store, LoraAdapter? adapter, ConversionOptions options, GgmlType outputType)
{
    public HuggingFaceCheckpoint Checkpoint { get; } = checkpoint;

    public ModelConfig Config => Checkpoint.Config;

    public GgufVocabulary Vocabulary { get; } = vocabulary;

    public TensorStore Store { get; } = store;

    public LoraAdapter? Adapter { get; } = adapter;

    public ConversionOptions Options { get; } = options;

    /// <summary>The type large weights get (the requested or automatic output type).</summary>
    public GgmlType OutputType { get; } = outputType;

    /// <summary>Decisions worth reporting.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Extra stores opened while planning (Dense modules), closed with the conversion.</summary>
    public List<IDisposable> Resources { get; } = [];

    /// <summary>The type a tensor gets, by llama.cpp's converter rules: F32 for 1-D tensors, norms and biases;
    /// otherwise the output type, with F16 when a quantized type's block does not divide the row.</summary>
    public GgmlType TypeFor(string ggufName, long[] shape)
    {
        if (shape.Length <= 1 || ggufName.EndsWith("_norm.weight", StringComparison.Ordinal) || !ggufName.EndsWith(".weight", StringComparison.Ordinal))
        {
            return GgmlType.F32;
        }
        if (shape[0] % GgmlTypeInfo.BlockSize(OutputType) != 0)
        {
            Notes.Add($"{ggufName}: rows of {shape[0]} are not a multiple of {GgmlTypeInfo.BlockSize(OutputType)}; written as F16 instead of {OutputType}.");
            return GgmlType.F16;
        }
        return OutputType;
    }

    /// <summary>Plans a tensor whose output shape is <paramref name="torchShape"/> (PyTorch order, outermost first).</summary>
    public PlannedTensor Plan(string ggufName, IReadOnlyList<long> torchShape, ITensorRows rows)
    {
        long[] shape = torchShape.Count == 0 ? [1] : torchShape.Reverse().ToArray();
        return new PlannedTensor(ggufName, TypeFor(ggufName, shape), shape, rows);
    }
}
