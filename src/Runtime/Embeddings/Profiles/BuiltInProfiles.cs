namespace LlamaEmbed.Embeddings.Profiles;

/// <summary>The profiles LlamaEmbed ships, with the prompts from the model cards.</summary>
internal static class BuiltInProfiles
{
    /// <summary>Rank-Embed's default query prefix token.</summary>
    public const string QueryToken = "<|query_token|>";

    /// <summary>Rank-Embed's default document prefix token.</summary>
    public const string DocumentToken = "<|document_token|>";

    /// <summary>Rank-Embed's default passage prefix token.</summary>
    public const string PassageToken = "<|passage_token|>";

    private const string SearchQuery = "task: search result | query: ";
    private const string NoTitleDocument = "title: none | text: ";

    /// <summary>
    /// EmbeddingGemma's sentence-transformers prompts (config_sentence_transformers.json, in its order), then the
    /// model card's three extra task prompts.
    /// </summary>
    public static IReadOnlyList<PromptDefinition> GemmaTaskPrompts { get; } =
    [
        new("query", SearchQuery),
        new("document", NoTitleDocument),
        new("BitextMining", SearchQuery),
        new("Clustering", "task: clustering | query: "),
        new("Classification", "task: classification | query: "),
        new("InstructionRetrieval", "task: code retrieval | query: "),
        new("MultilabelClassification", "task: classification | query: "),
        new("PairClassification", "task: sentence similarity | query: "),
        new("Reranking", SearchQuery),
        new("Retrieval-query", SearchQuery),
        new("Retrieval-document", NoTitleDocument),
        new("STS", "task: sentence similarity | query: "),
        new("Summarization", "task: summarization | query: "),
        new("QuestionAnswering", "task: question answering | query: "),
        new("FactChecking", "task: fact checking | query: "),
        new("CodeRetrieval", "task: code retrieval | query: "),
    ];

    /// <summary>The profile for <paramref name="kind"/>, before the file's own prompts and prefix tokens are merged in.</summary>
    public static EmbeddingProfile For(EmbeddingProfileKind kind) => kind switch
    {
        EmbeddingProfileKind.EmbeddingGemma or EmbeddingProfileKind.Tarka => new EmbeddingProfile
        {
            Kind = kind,
            Prompts = GemmaTaskPrompts,
            QueryPromptName = "query",
            DocumentPromptName = "document",
            Pooling = EmbeddingPooling.Mean,
        },
        EmbeddingProfileKind.RankEmbed => new EmbeddingProfile
        {
            Kind = kind,
            Prompts =
            [
                new("query", " ", QueryToken),
                new("document", " ", DocumentToken),
                new("passage", " ", PassageToken),
            ],
            QueryPromptName = "query",
            DocumentPromptName = "document",
            Pooling = EmbeddingPooling.Mean,
        },
        EmbeddingProfileKind.GemmaEmbed => new EmbeddingProfile
        {
            Kind = kind,
            Prompts = [],
            Pooling = EmbeddingPooling.Mean,
            RequiresProjection = true,
        },
        EmbeddingProfileKind.Generic => new EmbeddingProfile { Kind = kind, Prompts = [] },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown profile."),
    };
}
