namespace LlamaEmbed.Quantization;

/// <summary>One row of a <see cref="QuantizationReport"/>: a model file and how much of the source model it keeps.</summary>
public sealed record QuantizationQuality
{
    /// <summary>The quantization type, or null for the source model's row.</summary>
    public required GgufQuantizationType? Type { get; init; }

    /// <summary>The model file measured.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Its size in bytes.</summary>
    public required long FileBytes { get; init; }

    /// <summary>Mean cosine similarity between this model's and the source model's vector for each probe text.</summary>
    public required double MeanCosine { get; init; }

    /// <summary>The lowest of those cosines.</summary>
    public required double WorstCosine { get; init; }

    /// <summary>
    /// Top-10 retrieval agreement: with each probe text as the query over the others, the share of the source
    /// model's 10 nearest neighbours this model also puts in its 10 nearest (1 = identical rankings).
    /// </summary>
    public required double Top10Agreement { get; init; }

    /// <summary>Probe texts embedded per second (one batch of all texts, model already loaded).</summary>
    public required double TextsPerSecond { get; init; }

    /// <summary>Peak resident memory of the process while the model was loaded and embedding, in bytes.</summary>
    public required long PeakRssBytes { get; init; }

    /// <summary>How long quantizing took; null for the source model.</summary>
    public TimeSpan? QuantizeTime { get; init; }
}
