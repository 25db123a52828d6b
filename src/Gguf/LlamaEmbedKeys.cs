namespace LlamaEmbed.Gguf;

/// <summary>
/// Our own GGUF metadata keys (prefix <c>llamaembed.</c>). llama.cpp ignores unknown keys, so these ride along in
/// any file: the converter writes them, the quantizer carries them, and the embedding runtime picks its profile,
/// prompts, prefixes, pooling and output dimensions from them before it falls back to architecture and name.
/// </summary>
public static class LlamaEmbedKeys
{
    /// <summary>STRING: the model profile, one of <see cref="Profiles"/>'s values.</summary>
    public const string Profile = "llamaembed.profile";

    /// <summary>ARRAY[STRING]: prompt names (e.g. <c>query</c>, <c>document</c>, <c>STS</c>), parallel to <see cref="PromptTexts"/>.</summary>
    public const string PromptNames = "llamaembed.prompt_names";

    /// <summary>ARRAY[STRING]: prompt texts prepended to the input (e.g. <c>task: search result | query: </c>), parallel to <see cref="PromptNames"/>.</summary>
    public const string PromptTexts = "llamaembed.prompt_texts";

    /// <summary>STRING: the prompt used when the caller names none (sentence-transformers <c>default_prompt_name</c>).</summary>
    public const string DefaultPrompt = "llamaembed.default_prompt";

    /// <summary>STRING: the token text prepended to queries, e.g. <c>&lt;|query_token|&gt;</c>.</summary>
    public const string QueryPrefixToken = "llamaembed.prefix_token.query";

    /// <summary>STRING: the token text prepended to documents, e.g. <c>&lt;|document_token|&gt;</c>.</summary>
    public const string DocumentPrefixToken = "llamaembed.prefix_token.document";

    /// <summary>STRING: the token text prepended to passages, e.g. <c>&lt;|passage_token|&gt;</c>.</summary>
    public const string PassagePrefixToken = "llamaembed.prefix_token.passage";

    /// <summary>STRING: pooling, <c>mean</c>, <c>cls</c> or <c>last</c> (sentence-transformers' 1_Pooling).</summary>
    public const string Pooling = "llamaembed.pooling";

    /// <summary>BOOL: whether mean pooling includes the prompt tokens (sentence-transformers <c>include_prompt</c>).</summary>
    public const string IncludePrompt = "llamaembed.include_prompt";

    /// <summary>BOOL: whether vectors are L2-normalized (a sentence-transformers Normalize module).</summary>
    public const string Normalize = "llamaembed.normalize";

    /// <summary>UINT32: the embedding size the model produces (after any Dense or projection layers).</summary>
    public const string Dimensions = "llamaembed.dimensions";

    /// <summary>ARRAY[UINT32]: Matryoshka sizes the model was trained for, largest first (e.g. 768, 512, 256, 128).</summary>
    public const string MatryoshkaDimensions = "llamaembed.matryoshka_dimensions";

    /// <summary>STRING: the similarity function, <c>cosine</c> or <c>dot</c>.</summary>
    public const string Similarity = "llamaembed.similarity";

    /// <summary>STRING: where the model came from (a Hugging Face id or folder name), written by the converter.</summary>
    public const string Source = "llamaembed.source";

    /// <summary>
    /// ARRAY[FLOAT32]: a projection head applied in managed code after pooling, row-major <c>[out, in]</c>
    /// (Gemma-Embed's 1152→256 head). It is metadata, not a tensor, because llama.cpp refuses unknown tensors.
    /// </summary>
    public const string ProjectionWeight = "llamaembed.projection.weight";

    /// <summary>ARRAY[FLOAT32]: the projection head's bias (<c>out</c> values), optional.</summary>
    public const string ProjectionBias = "llamaembed.projection.bias";

    /// <summary>ARRAY[UINT32]: the projection head's shape <c>[out, in]</c>.</summary>
    public const string ProjectionShape = "llamaembed.projection.shape";

    /// <summary>Values of <see cref="Profile"/>.</summary>
    public static class Profiles
    {
        /// <summary>google/embeddinggemma-300m and fine-tunes: gemma-embedding arch, task prompts, Dense layers, Matryoshka.</summary>
        public const string EmbeddingGemma = "embeddinggemma";

        /// <summary>Tarka-Embedding-150M: EmbeddingGemma's shape and prompts with another tokenizer.</summary>
        public const string Tarka = "tarka";

        /// <summary>Rank-Embed-1B: Gemma-3-1B, mean pooling, 2048-d, prefix tokens for query/document/passage.</summary>
        public const string RankEmbed = "rank-embed";

        /// <summary>Gemma-Embed: Gemma-3-1B with a merged LoRA and a projection head to 256-d.</summary>
        public const string GemmaEmbed = "gemma-embed";

        /// <summary>Any other embedding model: no prompts, pooling from the file.</summary>
        public const string Generic = "generic";

        /// <summary>A rank1 reasoning reranker (qwen2 or llama arch): not an embedding model.</summary>
        public const string Rank1 = "rank1";
    }
}
