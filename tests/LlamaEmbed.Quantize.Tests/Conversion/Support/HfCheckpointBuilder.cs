using System.Globalization;
using System.Text.Json.Nodes;
using LlamaEmbed.Conversion;
using LlamaEmbed.Synthetic;

namespace LlamaEmbed.Tests.Conversion.Support;

/// <summary>
/// Builds tiny Hugging Face checkpoints of every family the converter handles: config.json, safetensors (single or
/// sharded, F32/F16/BF16), tokenizer files from the synthetic vocabularies, sentence-transformers folders, a LoRA
/// adapter. Weights are seeded random; Gemma norm weights are small (HF stores w where the model uses 1 + w), so a
/// missing +1 changes every vector.
/// </summary>
public static class HfCheckpointBuilder
{
    public const int GemmaHidden = 64;
    public const int GemmaHeads = 2;
    public const int GemmaKvHeads = 1;
    public const int GemmaHeadDim = 32;
    public const int GemmaFeedForward = 128;
    public const int GemmaLayers = 4;

    public static readonly IReadOnlyList<KeyValuePair<string, string>> EmbeddingGemmaPrompts =
    [
        new("query", "task: search result | query: "),
        new("document", "title: none | text: "),
        new("Clustering", "task: clustering | query: "),
        new("STS", "task: sentence similarity | query: "),
    ];

    public static readonly string[] PrefixTokens = ["<|query_token|>", "<|document_token|>", "<|passage_token|>"];

    /// <summary>EmbeddingGemma-shaped: Gemma3TextModel, bidirectional, 2_Dense 64→256 and 3_Dense 256→64, Pooling mean, Normalize, prompts.</summary>
    public static HfCheckpoint EmbeddingGemma(string directory, SafetensorsDType dtype = SafetensorsDType.F32, bool sharded = false)
    {
        Directory.CreateDirectory(directory);
        SyntheticVocabulary vocabulary = SyntheticVocabularies.Gemma(addEos: true);
        JsonObject config = GemmaConfig("Gemma3TextModel", vocabulary.Count, bidirectional: true);
        var random = new Random(1);
        HfCheckpoint checkpoint = new()
        {
            Directory = directory,
            Config = config,
            Vocabulary = vocabulary,
            Tensors = GemmaTensors(random, vocabulary.Count, dtype),
        };
        WriteModel(checkpoint, config, sharded);
        TokenizerFilesWriter.WriteSentencePiece(directory, vocabulary, addEos: true);
        WriteModules(directory, [("sentence_transformers.models.Transformer", ""), ("sentence_transformers.models.Pooling", "1_Pooling"),
            ("sentence_transformers.models.Dense", "2_Dense"), ("sentence_transformers.models.Dense", "3_Dense"), ("sentence_transformers.models.Normalize", "4_Normalize")]);
        WritePooling(directory, "1_Pooling", "mean");
        checkpoint.Modules["2_Dense"] = WriteDense(directory, "2_Dense", GemmaHidden, 4 * GemmaHidden, bias: false, random, dtype);
        checkpoint.Modules["3_Dense"] = WriteDense(directory, "3_Dense", 4 * GemmaHidden, GemmaHidden, bias: false, random, dtype);
        var prompts = new JsonObject();
        foreach (var (name, text) in EmbeddingGemmaPrompts)
        {
            prompts[name] = text;
        }
        WriteJson(Path.Combine(directory, "config_sentence_transformers.json"), new JsonObject
        {
            ["prompts"] = prompts,
            ["default_prompt_name"] = null,
            ["similarity_fn_name"] = "cosine",
        });
        return checkpoint;
    }

    /// <summary>Rank-Embed-shaped: Gemma3ForCausalLM with three prefix tokens added after the SentencePiece pieces and
    /// an embedding padded beyond the vocabulary (the converter cuts it).</summary>
    public static HfCheckpoint RankEmbed(string directory, SafetensorsDType dtype = SafetensorsDType.F32)
    {
        Directory.CreateDirectory(directory);
        SyntheticVocabulary vocabulary = SyntheticVocabularies.Gemma(addEos: false);
        int vocabSize = vocabulary.Count + PrefixTokens.Length;
        JsonObject config = GemmaConfig("Gemma3ForCausalLM", vocabSize, bidirectional: false);
        HfCheckpoint checkpoint = new()
        {
            Directory = directory,
            Config = config,
            Vocabulary = vocabulary,
            Tensors = GemmaTensors(new Random(2), vocabSize + 5, dtype),
        };
        WriteModel(checkpoint, config, sharded: false);
        TokenizerFilesWriter.WriteSentencePiece(directory, vocabulary, addEos: false, PrefixTokens);
        return checkpoint;
    }

    /// <summary>Gemma-Embed-shaped: Gemma3ForCausalLM, a PEFT LoRA adapter on q_proj/v_proj in <c>lora/</c>, a
    /// sentence-transformers Dense projection 64→16 with bias, mean pooling and Normalize.</summary>
    public static HfCheckpoint GemmaEmbed(string directory, bool rsLora = false)
    {
        Directory.CreateDirectory(directory);
        SyntheticVocabulary vocabulary = SyntheticVocabularies.Gemma(addEos: false);
        JsonObject config = GemmaConfig("Gemma3ForCausalLM", vocabulary.Count, bidirectional: false);
        var random = new Random(3);
        HfCheckpoint checkpoint = new()
        {
            Directory = directory,
            Config = config,
            Vocabulary = vocabulary,
            Tensors = GemmaTensors(random, vocabulary.Count, SafetensorsDType.F32),
        };
        WriteModel(checkpoint, config, sharded: false);
        TokenizerFilesWriter.WriteSentencePiece(directory, vocabulary, addEos: false);
        WriteModules(directory, [("sentence_transformers.models.Transformer", ""), ("sentence_transformers.models.Pooling", "1_Pooling"),
            ("sentence_transformers.models.Dense", "2_Dense"), ("sentence_transformers.models.Normalize", "3_Normalize")]);
        WritePooling(directory, "1_Pooling", "mean");
        checkpoint.Modules["2_Dense"] = WriteDense(directory, "2_Dense", GemmaHidden, 16, bias: true, random, SafetensorsDType.F32);
        WriteLora(checkpoint, Path.Combine(directory, "lora"), rank: 4, alpha: 8, ["q_proj", "v_proj"], rsLora, random);
        return checkpoint;
    }

    /// <summary>Qwen2-shaped: Q/K/V biases, tied embeddings, config vocab_size 64 above the tokenizer (padded with [PAD{id}]).</summary>
    public static HfCheckpoint Qwen2(string directory)
    {
        Directory.CreateDirectory(directory);
        SyntheticVocabulary vocabulary = SyntheticVocabularies.Qwen2();
        int vocabSize = vocabulary.Count + 64;
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray("Qwen2ForCausalLM"),
            ["model_type"] = "qwen2",
            ["hidden_size"] = 64,
            ["intermediate_size"] = 128,
            ["num_hidden_layers"] = 2,
            ["num_attention_heads"] = 2,
            ["num_key_value_heads"] = 1,
            ["max_position_embeddings"] = 4096,
            ["rms_norm_eps"] = 1e-6,
            ["rope_theta"] = 1_000_000.0,
            ["sliding_window"] = 4096,
            ["use_sliding_window"] = false,
            ["tie_word_embeddings"] = true,
            ["vocab_size"] = vocabSize,
            ["bos_token_id"] = vocabulary.BosId,
            ["eos_token_id"] = vocabulary.EosId,
        };
        var random = new Random(4);
        var tensors = DecoderTensors(random, vocabSize, 64, 2, 1, 32, 128, 2, biases: true, lmHead: false);
        HfCheckpoint checkpoint = new() { Directory = directory, Config = config, Vocabulary = vocabulary, Tensors = tensors };
        WriteModel(checkpoint, config, sharded: false);
        TokenizerFilesWriter.WriteBpe(directory, vocabulary, BpePreTokenizers.Qwen2Regex, pairMerges: true, "<|endoftext|>", "<|endoftext|>");
        return checkpoint;
    }

    /// <summary>Llama-3.1-shaped: 4 heads over 2 KV heads (Q/K permutation), llama3 RoPE scaling, an untied LM head.</summary>
    public static HfCheckpoint Llama(string directory)
    {
        Directory.CreateDirectory(directory);
        SyntheticVocabulary vocabulary = SyntheticVocabularies.Llama3();
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray("LlamaForCausalLM"),
            ["model_type"] = "llama",
            ["hidden_size"] = 64,
            ["intermediate_size"] = 128,
            ["num_hidden_layers"] = 2,
            ["num_attention_heads"] = 4,
            ["num_key_value_heads"] = 2,
            ["max_position_embeddings"] = 131072,
            ["rms_norm_eps"] = 1e-5,
            ["rope_theta"] = 500_000.0,
            ["rope_scaling"] = new JsonObject
            {
                ["rope_type"] = "llama3",
                ["factor"] = 8.0,
                ["low_freq_factor"] = 1.0,
                ["high_freq_factor"] = 4.0,
                ["original_max_position_embeddings"] = 8192,
            },
            ["tie_word_embeddings"] = false,
            ["vocab_size"] = vocabulary.Count,
            ["bos_token_id"] = vocabulary.BosId,
            ["eos_token_id"] = new JsonArray(vocabulary.EosId),
        };
        var tensors = DecoderTensors(new Random(5), vocabulary.Count, 64, 4, 2, 16, 128, 2, biases: false, lmHead: true);
        HfCheckpoint checkpoint = new() { Directory = directory, Config = config, Vocabulary = vocabulary, Tensors = tensors };
        WriteModel(checkpoint, config, sharded: false);
        TokenizerFilesWriter.WriteBpe(directory, vocabulary, BpePreTokenizers.Llama3Regex, pairMerges: false,
            vocabulary.Tokens[vocabulary.BosId], vocabulary.Tokens[vocabulary.EosId]);
        return checkpoint;
    }

    public static void WriteJson(string path, JsonNode node) => File.WriteAllText(path, node.ToJsonString());

    private static JsonObject GemmaConfig(string architecture, int vocabSize, bool bidirectional)
    {
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray(architecture),
            ["model_type"] = "gemma3_text",
            ["hidden_size"] = GemmaHidden,
            ["intermediate_size"] = GemmaFeedForward,
            ["num_hidden_layers"] = GemmaLayers,
            ["num_attention_heads"] = GemmaHeads,
            ["num_key_value_heads"] = GemmaKvHeads,
            ["head_dim"] = GemmaHeadDim,
            ["max_position_embeddings"] = 2048,
            ["rms_norm_eps"] = 1e-6,
            ["rope_theta"] = 1_000_000.0,
            ["rope_local_base_freq"] = 10_000.0,
            ["sliding_window"] = 512,
            ["layer_types"] = new JsonArray("sliding_attention", "sliding_attention", "sliding_attention", "full_attention"),
            ["vocab_size"] = vocabSize,
            ["bos_token_id"] = 2,
            ["eos_token_id"] = 1,
            ["pad_token_id"] = 0,
            ["hidden_activation"] = "gelu_pytorch_tanh",
            ["query_pre_attn_scalar"] = GemmaHeadDim,
        };
        if (bidirectional)
        {
            config["use_bidirectional_attention"] = true;
        }
        return config;
    }

    private static Dictionary<string, TestTensor> GemmaTensors(Random random, int vocabRows, SafetensorsDType dtype)
    {
        var tensors = new Dictionary<string, TestTensor>(StringComparer.Ordinal);
        Add(tensors, "model.embed_tokens.weight", [vocabRows, GemmaHidden], 0.5, random, dtype);
        Add(tensors, "model.norm.weight", [GemmaHidden], 0.1, random, dtype);
        for (int i = 0; i < GemmaLayers; i++)
        {
            string p = $"model.layers.{i}.";
            Add(tensors, p + "input_layernorm.weight", [GemmaHidden], 0.1, random, dtype);
            Add(tensors, p + "self_attn.q_proj.weight", [GemmaHeads * GemmaHeadDim, GemmaHidden], Scale(GemmaHidden), random, dtype);
            Add(tensors, p + "self_attn.k_proj.weight", [GemmaKvHeads * GemmaHeadDim, GemmaHidden], Scale(GemmaHidden), random, dtype);
            Add(tensors, p + "self_attn.v_proj.weight", [GemmaKvHeads * GemmaHeadDim, GemmaHidden], Scale(GemmaHidden), random, dtype);
            Add(tensors, p + "self_attn.o_proj.weight", [GemmaHidden, GemmaHeads * GemmaHeadDim], Scale(GemmaHeads * GemmaHeadDim), random, dtype);
            Add(tensors, p + "self_attn.q_norm.weight", [GemmaHeadDim], 0.1, random, dtype);
            Add(tensors, p + "self_attn.k_norm.weight", [GemmaHeadDim], 0.1, random, dtype);
            Add(tensors, p + "post_attention_layernorm.weight", [GemmaHidden], 0.1, random, dtype);
            Add(tensors, p + "pre_feedforward_layernorm.weight", [GemmaHidden], 0.1, random, dtype);
            Add(tensors, p + "post_feedforward_layernorm.weight", [GemmaHidden], 0.1, random, dtype);
            Add(tensors, p + "mlp.gate_proj.weight", [GemmaFeedForward, GemmaHidden], Scale(GemmaHidden), random, dtype);
            Add(tensors, p + "mlp.up_proj.weight", [GemmaFeedForward, GemmaHidden], Scale(GemmaHidden), random, dtype);
            Add(tensors, p + "mlp.down_proj.weight", [GemmaHidden, GemmaFeedForward], Scale(GemmaFeedForward), random, dtype);
        }
        return tensors;
    }

    private static Dictionary<string, TestTensor> DecoderTensors(Random random, int vocabRows, int e, int h, int hkv, int d, int f, int layers, bool biases, bool lmHead)
    {
        var t = new Dictionary<string, TestTensor>(StringComparer.Ordinal);
        const SafetensorsDType dtype = SafetensorsDType.F32;
        Add(t, "model.embed_tokens.weight", [vocabRows, e], 0.5, random, dtype);
        for (int i = 0; i < layers; i++)
        {
            string p = $"model.layers.{i}.";
            Add(t, p + "input_layernorm.weight", [e], 0.1, random, dtype, offset: 1);
            Add(t, p + "self_attn.q_proj.weight", [h * d, e], Scale(e), random, dtype);
            Add(t, p + "self_attn.k_proj.weight", [hkv * d, e], Scale(e), random, dtype);
            Add(t, p + "self_attn.v_proj.weight", [hkv * d, e], Scale(e), random, dtype);
            if (biases)
            {
                Add(t, p + "self_attn.q_proj.bias", [h * d], 0.1, random, dtype);
                Add(t, p + "self_attn.k_proj.bias", [hkv * d], 0.1, random, dtype);
                Add(t, p + "self_attn.v_proj.bias", [hkv * d], 0.1, random, dtype);
            }
            Add(t, p + "self_attn.o_proj.weight", [e, h * d], Scale(h * d), random, dtype);
            Add(t, p + "post_attention_layernorm.weight", [e], 0.1, random, dtype, offset: 1);
            Add(t, p + "mlp.gate_proj.weight", [f, e], Scale(e), random, dtype);
            Add(t, p + "mlp.up_proj.weight", [f, e], Scale(e), random, dtype);
            Add(t, p + "mlp.down_proj.weight", [e, f], Scale(f), random, dtype);
        }
        Add(t, "model.norm.weight", [e], 0.1, random, dtype, offset: 1);
        if (lmHead)
        {
            Add(t, "lm_head.weight", [vocabRows, e], Scale(e), random, dtype);
        }
        return t;
    }

    private static double Scale(int fanIn) => 1.0 / Math.Sqrt(fanIn);

    private static void Add(Dictionary<string, TestTensor> tensors, string name, long[] shape, double std, Random random, SafetensorsDType dtype, double offset = 0)
    {
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            values[i] = SafetensorsWriter.RoundTrip((float)(offset + (std * normal)), dtype);
        }
        tensors[name] = new TestTensor(name, dtype, shape, values);
    }

    private static void WriteModel(HfCheckpoint checkpoint, JsonObject config, bool sharded)
    {
        WriteJson(Path.Combine(checkpoint.Directory, "config.json"), config);
        var all = checkpoint.Tensors.Values.ToList();
        if (!sharded)
        {
            TestSafetensors.Write(Path.Combine(checkpoint.Directory, "model.safetensors"), all, new Dictionary<string, string> { ["format"] = "pt" });
            return;
        }
        var shards = new[] { all.Where((_, i) => i % 2 == 0).ToList(), all.Where((_, i) => i % 2 == 1).ToList() };
        var weightMap = new JsonObject();
        for (int s = 0; s < shards.Length; s++)
        {
            string file = $"model-{s + 1:D5}-of-{shards.Length:D5}.safetensors";
            TestSafetensors.Write(Path.Combine(checkpoint.Directory, file), shards[s]);
            foreach (TestTensor tensor in shards[s])
            {
                weightMap[tensor.Name] = file;
            }
        }
        WriteJson(Path.Combine(checkpoint.Directory, SafetensorsIndex.FileName), new JsonObject
        {
            ["metadata"] = new JsonObject { ["total_size"] = 0 },
            ["weight_map"] = weightMap,
        });
    }

    private static void WriteModules(string directory, (string Type, string Path)[] modules)
    {
        var list = new JsonArray();
        for (int i = 0; i < modules.Length; i++)
        {
            list.Add(new JsonObject { ["idx"] = i, ["name"] = i.ToString(CultureInfo.InvariantCulture), ["path"] = modules[i].Path, ["type"] = modules[i].Type });
            if (modules[i].Path.Length > 0)
            {
                Directory.CreateDirectory(Path.Combine(directory, modules[i].Path));
            }
        }
        WriteJson(Path.Combine(directory, "modules.json"), list);
    }

    private static void WritePooling(string directory, string path, string mode) =>
        WriteJson(Path.Combine(directory, path, "config.json"), new JsonObject
        {
            ["word_embedding_dimension"] = GemmaHidden,
            ["pooling_mode_cls_token"] = mode == "cls",
            ["pooling_mode_mean_tokens"] = mode == "mean",
            ["pooling_mode_max_tokens"] = false,
            ["pooling_mode_mean_sqrt_len_tokens"] = false,
            ["pooling_mode_weightedmean_tokens"] = false,
            ["pooling_mode_lasttoken"] = mode == "last",
            ["include_prompt"] = true,
        });

    private static Dictionary<string, TestTensor> WriteDense(string directory, string path, int inFeatures, int outFeatures, bool bias, Random random, SafetensorsDType dtype)
    {
        var tensors = new Dictionary<string, TestTensor>(StringComparer.Ordinal);
        Add(tensors, "linear.weight", [outFeatures, inFeatures], Scale(inFeatures), random, dtype);
        if (bias)
        {
            Add(tensors, "linear.bias", [outFeatures], 0.1, random, dtype);
        }
        TestSafetensors.Write(Path.Combine(directory, path, "model.safetensors"), tensors.Values);
        WriteJson(Path.Combine(directory, path, "config.json"), new JsonObject
        {
            ["in_features"] = inFeatures,
            ["out_features"] = outFeatures,
            ["bias"] = bias,
            ["activation_function"] = "torch.nn.modules.linear.Identity",
        });
        return tensors;
    }

    private static void WriteLora(HfCheckpoint checkpoint, string directory, int rank, int alpha, string[] targets, bool rsLora, Random random)
    {
        Directory.CreateDirectory(directory);
        var tensors = new Dictionary<string, TestTensor>(StringComparer.Ordinal);
        for (int i = 0; i < checkpoint.Layers; i++)
        {
            foreach (string target in targets)
            {
                string module = $"model.layers.{i}.self_attn.{target}";
                TestTensor baseWeight = checkpoint.Tensors[module + ".weight"];
                string prefix = $"base_model.model.{module}";
                Add(tensors, prefix + ".lora_A.weight", [rank, baseWeight.Shape[1]], 0.3, random, SafetensorsDType.F32);
                Add(tensors, prefix + ".lora_B.weight", [baseWeight.Shape[0], rank], 0.3, random, SafetensorsDType.F32);
                checkpoint.Lora[module] = (tensors[prefix + ".lora_A.weight"], tensors[prefix + ".lora_B.weight"]);
            }
        }
        TestSafetensors.Write(Path.Combine(directory, "adapter_model.safetensors"), tensors.Values);
        WriteJson(Path.Combine(directory, "adapter_config.json"), new JsonObject
        {
            ["peft_type"] = "LORA",
            ["base_model_name_or_path"] = "google/gemma-3-1b-pt",
            ["r"] = rank,
            ["lora_alpha"] = alpha,
            ["lora_dropout"] = 0.05,
            ["target_modules"] = new JsonArray(targets.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
            ["use_rslora"] = rsLora,
            ["use_dora"] = false,
            ["fan_in_fan_out"] = false,
            ["bias"] = "none",
        });
        checkpoint.LoraScale = rsLora ? alpha / Math.Sqrt(rank) : (double)alpha / rank;
    }
}
