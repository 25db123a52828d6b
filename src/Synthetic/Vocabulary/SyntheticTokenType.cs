namespace LlamaEmbed.Synthetic;

/// <summary>
/// Token types as written to <c>tokenizer.ggml.token_type</c> (llama.cpp's <c>llama_token_type</c>, equal to
/// SentencePiece's piece types).
/// </summary>
public enum SyntheticTokenType
{
    /// <summary>An ordinary piece.</summary>
    Normal = 1,

    /// <summary>The unknown token (<c>&lt;unk&gt;</c>).</summary>
    Unknown = 2,

    /// <summary>A control token: matched in text only with parse_special, rendered only with special=true.</summary>
    Control = 3,

    /// <summary>A user-defined token: matched in text even without parse_special.</summary>
    UserDefined = 4,

    /// <summary>An unused slot (padding to the embedding row count); never produced by tokenization.</summary>
    Unused = 5,

    /// <summary>An SPM byte-fallback token <c>&lt;0xNN&gt;</c>.</summary>
    Byte = 6,
}
