namespace LlamaEmbed.Gguf;

/// <summary>The <c>tokenizer.*</c> rules of <c>llama_vocab::impl::load</c>, including the ones that abort.</summary>
internal static class GgufTokenizerChecks
{
    private static readonly HashSet<string> s_models = new(StringComparer.Ordinal)
    {
        "no_vocab", "none", "llama", "bert", "gpt2", "hybriddna", "whitespace", "t5", "rwkv", "test", "plamo2", "gemma4",
    };

    private static readonly HashSet<string> s_bpePre = new(StringComparer.Ordinal)
    {
        "default", "minicpm5", "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
        "jina-v5-nano", "deepseek-llm", "deepseek-coder", "deepseek-v3", "spark2_5", "youtu", "falcon", "mpt",
        "starcoder", "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0", "mellum",
        "modern-bert", "jais-2", "gemma4", "granite-embed-multi-311m", "sarvam-moe", "jina-v1-en", "jina-v2-code",
        "roberta-bpe", "whitespace", "refact", "command-r", "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "qwen35",
        "stablelm2", "olmo", "dbrx", "smaug-bpe", "poro-chat", "glm4", "chatglm-bpe", "viking", "jais", "tekken",
        "smollm", "codeshell", "bloom", "gpt3-finnish", "exaone", "exaone4", "exaone-moe", "chameleon", "minerva-7b",
        "megrez", "gpt-4o", "llama4", "kanana2", "talkie", "granite-embed-multi-97m", "tiny_aya", "cohere2moe",
        "superbpe", "trillion", "granite-docling", "bailingmoe", "bailingmoe2", "llada-moe", "seed-coder", "hunyuan",
        "hunyuan-dense", "hy_v4", "joyai-llm", "kimi-k2", "ufakzeka", "grok-2", "afmoe", "laguna", "minimax-m2",
        "solar-open", "mellum2",
    };

    private static readonly string[] s_specialIds =
    [
        "bos", "eos", "eot", "eom", "unknown", "seperator", "padding", "mask",
        "fim_pre", "fim_suf", "fim_mid", "fim_pad", "fim_rep", "fim_sep",
    ];

    private static readonly string[] s_flags = ["add_bos_token", "add_eos_token", "add_sep_token", "add_space_prefix", "remove_extra_whitespaces"];

    /// <summary>Checks the tokenizer keys; returns the token count (n_vocab), or null when it cannot be known.</summary>
    public static long? Check(GgufValidationScope scope, string arch)
    {
        const string p = "tokenizer.ggml.";
        string? model = scope.String(p + "model", required: true);
        string? pre = scope.String(p + "pre");
        scope.UInt32(p + "token_type_count");
        foreach (string flag in s_flags)
        {
            scope.Bool(p + flag);
        }
        if (model is null)
        {
            return null;
        }
        if (!s_models.Contains(model))
        {
            scope.Error(p + "model", $"'{model}' is not a tokenizer llama.cpp knows; it refuses the file");
            return null;
        }
        if (model is "none" or "no_vocab")
        {
            return scope.UInt32($"{arch}.vocab_size") ?? 0;
        }
        if (model == "gpt2")
        {
            CheckBpe(scope, pre);
        }
        if (model == "llama" && arch is "gemma-embedding" or "gemma3" && scope.Metadata.TryGetBool(p + "add_space_prefix") != false)
        {
            scope.Warning(p + "add_space_prefix", "is not false; the SentencePiece default (true) prepends a space to every input and changes all Gemma token ids");
        }

        if (!scope.Metadata.TryGetValue(p + "tokens", out GgufValue? tokensValue))
        {
            scope.Error(p + "tokens", "required key is missing; llama.cpp refuses the file");
            return null;
        }
        if (tokensValue.Type != GgufValueType.Array || tokensValue.RawValue is not string[] tokens)
        {
            scope.WrongType(p + "tokens", tokensValue, "ARRAY[STRING]");
            return null;
        }
        CheckEmpty(scope, tokens);
        CheckParallelArray(scope, p + "scores", tokens.Length, v => v.ElementType is GgufValueType.Float32 or GgufValueType.Int32, "ARRAY[FLOAT32|INT32]");
        CheckParallelArray(scope, p + "token_type", tokens.Length, v => v.ElementType == GgufValueType.Int32, "ARRAY[INT32]");
        foreach (string name in s_specialIds)
        {
            string key = $"{p}{name}_token_id";
            if (scope.UInt32(key) is uint id && id >= tokens.Length)
            {
                scope.Warning(key, $"is {id}, outside the {tokens.Length}-token vocabulary; llama.cpp ignores it and falls back to its default");
            }
        }
        return tokens.Length;
    }

    private static void CheckBpe(GgufValidationScope scope, string? pre)
    {
        const string merges = "tokenizer.ggml.merges";
        if (pre is null)
        {
            scope.Warning("tokenizer.ggml.pre", "is missing; llama.cpp uses 'default' and warns that generation quality will be degraded");
        }
        else if (!s_bpePre.Contains(pre))
        {
            scope.Error("tokenizer.ggml.pre", $"'{pre}' is not a pre-tokenizer llama.cpp knows; it refuses the file");
        }
        if (!scope.Metadata.TryGetValue(merges, out GgufValue? value))
        {
            if (pre != "kimi-k2")
            {
                scope.Error(merges, "a gpt2 (BPE) tokenizer needs merges; llama.cpp refuses the file");
            }
        }
        else if (value.RawValue is not string[] || value.Type != GgufValueType.Array)
        {
            scope.WrongType(merges, value, "ARRAY[STRING]");
        }
    }

    /// <summary>Empty token strings load (llama.cpp renames them <c>[EMPTY_i]</c>) but are worth a warning.</summary>
    private static void CheckEmpty(GgufValidationScope scope, string[] tokens)
    {
        int empty = tokens.Count(t => t.Length == 0);
        if (empty > 0)
        {
            scope.Warning("tokenizer.ggml.tokens", $"{empty} empty token string(s); llama.cpp renames them [EMPTY_i]");
        }
    }

    private static void CheckParallelArray(GgufValidationScope scope, string key, int tokens, Func<GgufValue, bool> typeOk, string expected)
    {
        if (!scope.Metadata.TryGetValue(key, out GgufValue? value))
        {
            return;
        }
        if (value.Type != GgufValueType.Array || !typeOk(value))
        {
            scope.WrongType(key, value, expected);
        }
        else if (value.Count < tokens)
        {
            scope.Error(key, $"has {value.Count} entries for {tokens} tokens; llama.cpp refuses the file");
        }
    }
}
