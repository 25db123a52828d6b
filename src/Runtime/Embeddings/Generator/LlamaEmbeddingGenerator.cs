using Microsoft.Extensions.AI;

namespace LlamaEmbed.Embeddings.Generator;

/// <summary>
/// An <see cref="EmbeddingModel"/> behind Microsoft.Extensions.AI's <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>:
/// inputs in order, <see cref="EmbeddingGenerationOptions.Dimensions"/> as Matryoshka truncation (re-normalized),
/// token usage in <see cref="GeneratedEmbeddings{TEmbedding}.Usage"/>, and metadata through <see cref="GetService"/>.
/// All members are thread-safe for concurrent use; the generator must not be disposed while in use.
/// </summary>
internal sealed class LlamaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The provider name reported in <see cref="EmbeddingGeneratorMetadata"/>.</summary>
    public const string ProviderName = "llamaembed";

    private readonly EmbeddingModel _model;
    private readonly EmbeddingPrompt? _prompt;
    private readonly bool _disposeModel;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Wraps <paramref name="model"/>.</summary>
    public LlamaEmbeddingGenerator(EmbeddingModel model, EmbeddingPrompt? prompt, bool disposeModel)
    {
        _model = model;
        _prompt = prompt;
        _disposeModel = disposeModel;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, new Uri("file://" + model.Info.Path), model.Info.Name, model.Info.Dimensions);
    }

    /// <inheritdoc/>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var embedOptions = new EmbedOptions { Dimensions = options?.Dimensions };
        IReadOnlyList<EmbeddingResult> results = await _model.EmbedAsync(values, _prompt, embedOptions, cancellationToken).ConfigureAwait(false);
        DateTimeOffset created = DateTimeOffset.UtcNow;
        long tokens = 0;
        var embeddings = new List<Embedding<float>>(results.Count);
        foreach (EmbeddingResult result in results)
        {
            tokens += result.TokenCount;
            embeddings.Add(new Embedding<float>(result.Vector)
            {
                ModelId = _model.Info.Name,
                CreatedAt = created,
                AdditionalProperties = new AdditionalPropertiesDictionary
                {
                    ["tokens"] = result.TokenCount,
                    ["truncated"] = result.Truncated,
                },
            });
        }
        return new GeneratedEmbeddings<Embedding<float>>(embeddings)
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
        };
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }
        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }
        if (serviceType == typeof(EmbeddingModel))
        {
            return _model;
        }
        if (serviceType == typeof(EmbeddingModelInfo))
        {
            return _model.Info;
        }
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposeModel)
        {
            _model.Dispose();
        }
    }
}
