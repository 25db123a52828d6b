namespace LlamaEmbed.Synthetic;

/// <summary>The literal texts of the special tokens the synthetic vocabularies contain.</summary>
public static class SpecialTokenTexts
{
    /// <summary>Gemma padding, id 0.</summary>
    public const string GemmaPad = "<pad>";

    /// <summary>Gemma end of sequence, id 1.</summary>
    public const string GemmaEos = "<eos>";

    /// <summary>Gemma beginning of sequence, id 2.</summary>
    public const string GemmaBos = "<bos>";

    /// <summary>Gemma unknown token, id 3.</summary>
    public const string GemmaUnk = "<unk>";

    /// <summary>Rank-Embed's query prefix token.</summary>
    public const string QueryPrefix = "<|query_token|>";

    /// <summary>Rank-Embed's document prefix token.</summary>
    public const string DocumentPrefix = "<|document_token|>";

    /// <summary>Rank-Embed's passage prefix token.</summary>
    public const string PassagePrefix = "<|passage_token|>";

    /// <summary>Qwen's end of text: its BOS, EOS and padding token.</summary>
    public const string QwenEndOfText = "<|endoftext|>";

    /// <summary>Qwen chat turn start.</summary>
    public const string QwenImStart = "<|im_start|>";

    /// <summary>Qwen chat turn end.</summary>
    public const string QwenImEnd = "<|im_end|>";

    /// <summary>rank1's reasoning opener (added in training).</summary>
    public const string Think = "<think>";

    /// <summary>rank1's reasoning closer (added in training).</summary>
    public const string EndThink = "</think>";

    /// <summary>Llama-3 beginning of text (BOS).</summary>
    public const string LlamaBeginOfText = "<|begin_of_text|>";

    /// <summary>Llama-3 end of text (EOS).</summary>
    public const string LlamaEndOfText = "<|end_of_text|>";

    /// <summary>Llama-3 end of turn.</summary>
    public const string LlamaEndOfTurn = "<|eot_id|>";

    /// <summary>Llama-3 chat header start.</summary>
    public const string LlamaStartHeader = "<|start_header_id|>";

    /// <summary>Llama-3 chat header end.</summary>
    public const string LlamaEndHeader = "<|end_header_id|>";
}
