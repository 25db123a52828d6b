namespace LlamaEmbed.Quantization;

/// <summary>What a <see cref="GgufQuantizer"/> run wrote.</summary>
public sealed record GgufQuantizationResult
{
    /// <summary>The full path of the quantized file.</summary>
    public required string OutputPath { get; init; }

    /// <summary>The mix that was written.</summary>
    public required GgufQuantizationType Type { get; init; }

    /// <summary>The engine that wrote it.</summary>
    public required GgufQuantizerEngine Engine { get; init; }

    /// <summary>Size of the input file in bytes.</summary>
    public required long InputBytes { get; init; }

    /// <summary>Size of the output file in bytes.</summary>
    public required long OutputBytes { get; init; }

    /// <summary>Wall-clock time of the run, validation included.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Every tensor's type before and after, in file order.</summary>
    public required IReadOnlyList<TensorQuantizationPlan> Tensors { get; init; }
}
