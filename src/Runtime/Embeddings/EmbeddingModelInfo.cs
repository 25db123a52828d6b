namespace LlamaEmbed.Embeddings;

/// <summary>What a loaded <see cref="EmbeddingModel"/> is and how its engine is sized.</summary>
public sealed record EmbeddingModelInfo
{
    /// <summary>The full path of the GGUF file.</summary>
    public required string Path { get; init; }

    /// <summary><c>general.name</c>, else the file name; also the model id reported to Microsoft.Extensions.AI.</summary>
    public required string Name { get; init; }

    /// <summary>The llama.cpp architecture (<c>gemma-embedding</c>, <c>gemma3</c>, …).</summary>
    public required string Architecture { get; init; }

    /// <summary>The profile in use.</summary>
    public required EmbeddingProfileKind Profile { get; init; }

    /// <summary>The size of the vectors the model produces (after Dense layers or a projection head), from the file's tensors.</summary>
    public required int Dimensions { get; init; }

    /// <summary>The Matryoshka sizes the model was trained for, largest first; empty when the file does not say.</summary>
    public required IReadOnlyList<int> MatryoshkaDimensions { get; init; }

    /// <summary>The most tokens one text may have, everything included: the smaller of the context size and the tokens per call.</summary>
    public required int MaxTokens { get; init; }

    /// <summary>The model's training context (<c>n_ctx_train</c>).</summary>
    public required int TrainingContextLength { get; init; }

    /// <summary>The vocabulary size.</summary>
    public required int VocabularySize { get; init; }

    /// <summary>The pooling.</summary>
    public required EmbeddingPooling Pooling { get; init; }

    /// <summary>Whether mean pooling includes the prompt tokens.</summary>
    public required bool IncludePrompt { get; init; }

    /// <summary>Whether vectors are L2-normalized unless a request says otherwise.</summary>
    public required bool Normalize { get; init; }

    /// <summary>Whether attention is causal (false for bidirectional embedders).</summary>
    public required bool CausalAttention { get; init; }

    /// <summary>Prompt name → how it reads in front of a text (a prefix token is shown as its text).</summary>
    public required IReadOnlyDictionary<string, string> Prompts { get; init; }

    /// <summary>The prompt <see cref="EmbeddingModel.EmbedQueriesAsync"/> uses, or null for none.</summary>
    public string? QueryPromptName { get; init; }

    /// <summary>The prompt <see cref="EmbeddingModel.EmbedDocumentsAsync"/> uses, or null for none.</summary>
    public string? DocumentPromptName { get; init; }

    /// <summary>The prompt used when a call names none, or null for none.</summary>
    public string? DefaultPromptName { get; init; }

    /// <summary>Tokens per <c>llama_decode</c> call (<c>n_batch = n_ubatch</c>).</summary>
    public required int TokensPerCall { get; init; }

    /// <summary>Texts per call (<c>n_seq_max</c>; divides <see cref="TokensPerCall"/>).</summary>
    public required int SequencesPerCall { get; init; }

    /// <summary>Contexts embedding in parallel.</summary>
    public required int ContextCount { get; init; }

    /// <summary>Compute threads per context.</summary>
    public required int Threads { get; init; }

    /// <summary>Where pooling runs (never <see cref="Embeddings.PoolingExecution.Auto"/> here).</summary>
    public required PoolingExecution PoolingExecution { get; init; }
}
