using LlamaEmbed.Embeddings.Tokenization;

namespace LlamaEmbed.Embeddings;

/// <summary>
/// What goes in front of a text: one of the model's named prompts, a literal prompt, the query or document prompt,
/// or nothing. Prompts are trusted text; the user's text that follows is never parsed for special tokens.
/// </summary>
/// <remarks>
/// <code>
/// await model.EmbedAsync(texts, EmbeddingPrompt.Named("STS"));
/// await model.EmbedAsync(texts, EmbeddingPrompt.Literal("task: fact checking | query: "));
/// </code>
/// </remarks>
public sealed class EmbeddingPrompt
{
    private EmbeddingPrompt(EmbeddingPromptKind kind, string? value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>No prompt at all, even when the model has a default prompt.</summary>
    public static EmbeddingPrompt None { get; } = new(EmbeddingPromptKind.None, null);

    /// <summary>The model's query prompt (<c>query</c> for EmbeddingGemma and Tarka, the <c>&lt;|query_token|&gt;</c> prefix for Rank-Embed, none for models without prompts).</summary>
    public static EmbeddingPrompt Query { get; } = new(EmbeddingPromptKind.Query, null);

    /// <summary>The model's document prompt without a title (EmbeddingGemma: <c>title: none | text: </c>).</summary>
    public static EmbeddingPrompt Document { get; } = new(EmbeddingPromptKind.Document, null);

    /// <summary>
    /// The model's document prompt with a title. EmbeddingGemma and Tarka put it in the prompt
    /// (<c>title: {title} | text: </c>); models without a title slot get <c>{title}\n</c> in front of the text.
    /// </summary>
    /// <param name="title">The title; null or empty means none.</param>
    /// <exception cref="ArgumentException"><paramref name="title"/> contains a lone UTF-16 surrogate.</exception>
    public static EmbeddingPrompt DocumentWithTitle(string? title)
    {
        if (string.IsNullOrEmpty(title))
        {
            return Document;
        }
        TextValidation.ThrowIfInvalid(title, nameof(title));
        return new(EmbeddingPromptKind.Document, title);
    }

    /// <summary>One of the model's named prompts (<see cref="EmbeddingModelInfo.Prompts"/>), e.g. <c>STS</c> or <c>Clustering</c>.</summary>
    /// <param name="name">The prompt name. Matching is exact first, then ignoring case, spaces, hyphens and underscores (<c>question answering</c> finds <c>QuestionAnswering</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    /// <remarks>An unknown name fails when it is used, with the list of the model's prompt names.</remarks>
    public static EmbeddingPrompt Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(EmbeddingPromptKind.Named, name);
    }

    /// <summary>A literal prompt prepended to each text, e.g. <c>task: fact checking | query: </c>.</summary>
    /// <param name="text">The prompt text; it is tokenized together with the text, as sentence-transformers does.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="text"/> contains a lone UTF-16 surrogate.</exception>
    public static EmbeddingPrompt Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        TextValidation.ThrowIfInvalid(text, nameof(text));
        return new(EmbeddingPromptKind.Literal, text);
    }

    /// <summary>Which kind of prompt this is.</summary>
    internal EmbeddingPromptKind Kind { get; }

    /// <summary>The name, literal text or title, by <see cref="Kind"/>.</summary>
    internal string? Value { get; }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        EmbeddingPromptKind.None => "(no prompt)",
        EmbeddingPromptKind.Query => "(query prompt)",
        EmbeddingPromptKind.Document when Value is null => "(document prompt)",
        EmbeddingPromptKind.Document => $"(document prompt, title \"{Value}\")",
        EmbeddingPromptKind.Named => Value!,
        _ => $"\"{Value}\"",
    };
}

/// <summary>The kinds of <see cref="EmbeddingPrompt"/>.</summary>
internal enum EmbeddingPromptKind
{
    None,
    Query,
    Document,
    Named,
    Literal,
}
