namespace LlamaEmbed.Gguf;

/// <summary>
/// llama.cpp's token types (<c>llama_token_type</c>), written to <c>tokenizer.ggml.token_type</c>. SentencePiece's
/// piece types use the same numbers.
/// </summary>
public enum GgufTokenType
{
    /// <summary>An ordinary piece.</summary>
    Normal = 1,

    /// <summary>The unknown-token piece.</summary>
    Unknown = 2,

    /// <summary>A control token such as <c>&lt;bos&gt;</c>; only matched as text when special parsing is on.</summary>
    Control = 3,

    /// <summary>A user-defined token, always matched whole.</summary>
    UserDefined = 4,

    /// <summary>An id with no real token (padding rows such as <c>[PAD123]</c>).</summary>
    Unused = 5,

    /// <summary>A byte-fallback piece <c>&lt;0xNN&gt;</c>.</summary>
    Byte = 6,
}
