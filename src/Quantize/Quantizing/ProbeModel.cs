namespace LlamaEmbed.Quantization;

/// <summary>
/// A loaded embedding model as a <see cref="QuantizationReport"/> sees it: it embeds texts and is disposed when the
/// report is done with it. With LlamaEmbed's runtime, wrap an <c>EmbeddingModel</c>.
/// </summary>
public interface IProbeModel : IAsyncDisposable
{
    /// <summary>One vector per text, in order.</summary>
    Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}

/// <summary>Loads the embedding model at <paramref name="modelPath"/> for a <see cref="QuantizationReport"/>.</summary>
/// <param name="modelPath">The GGUF file (the source model or one of its quantized versions).</param>
/// <param name="cancellationToken">Stops the load.</param>
public delegate Task<IProbeModel> ProbeModelLoader(string modelPath, CancellationToken cancellationToken);
