using System.Diagnostics;
using System.Text.Json.Nodes;
using LlamaEmbed.Bench.Infrastructure;
using LlamaEmbed.Conversion;
using LlamaEmbed.Synthetic;

namespace LlamaEmbed.Bench;

/// <summary>
/// An EmbeddingGemma-300m-shaped Hugging Face checkpoint at real size (Gemma3TextModel, 24 layers, E 768, 3 heads
/// over 1 KV head of 256, FFN 1152, 262,144-token SentencePiece vocabulary, Dense 768→3072→768, BF16 safetensors,
/// about 600 MB), written once into the bench cache folder (<c>hf-embeddinggemma-300m-bf16/</c>) and reused.
/// </summary>
internal static class ConvertCheckpoint
{
    private const int Hidden = 768;
    private const int Layers = 24;
    private const int Heads = 3;
    private const int HeadDim = 256;
    private const int FeedForward = 1152;
    private const int Vocabulary = 262_144;
    private const int DenseWidth = 3072;

    private static readonly Lock s_gate = new();

    /// <summary>The checkpoint folder, created on first use.</summary>
    public static string Ensure()
    {
        lock (s_gate)
        {
            string directory = Path.Combine(BenchModels.CacheDirectory, "hf-embeddinggemma-300m-bf16");
            if (File.Exists(Path.Combine(directory, "config.json")))
            {
                return directory;
            }
            var clock = Stopwatch.StartNew();
            string staging = directory + ".partial";
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
            Directory.CreateDirectory(staging);
            Write(staging);
            Directory.Move(staging, directory);
            Console.Error.WriteLine($"// bench checkpoint: wrote {directory} in {clock.Elapsed.TotalSeconds:F0} s");
            return directory;
        }
    }

    private static void Write(string directory)
    {
        SyntheticVocabulary vocabulary = SyntheticVocabularies.Gemma(new SyntheticVocabularyOptions { Size = Vocabulary }, addEos: true);
        SentencePieceModelWriter.Write(Path.Combine(directory, "tokenizer.model"), vocabulary.Tokens, vocabulary.Scores!,
            vocabulary.TokenTypes, vocabulary.UnknownId, vocabulary.BosId, vocabulary.EosId, vocabulary.PaddingId);
        Json(Path.Combine(directory, "tokenizer_config.json"), new JsonObject { ["add_bos_token"] = true, ["add_eos_token"] = true });
        var layerTypes = new JsonArray();
        for (int i = 0; i < Layers; i++)
        {
            layerTypes.Add(i % 6 == 5 ? "full_attention" : "sliding_attention");
        }
        Json(Path.Combine(directory, "config.json"), new JsonObject
        {
            ["architectures"] = new JsonArray("Gemma3TextModel"),
            ["model_type"] = "gemma3_text",
            ["hidden_size"] = Hidden,
            ["intermediate_size"] = FeedForward,
            ["num_hidden_layers"] = Layers,
            ["num_attention_heads"] = Heads,
            ["num_key_value_heads"] = 1,
            ["head_dim"] = HeadDim,
            ["max_position_embeddings"] = 2048,
            ["rms_norm_eps"] = 1e-6,
            ["rope_theta"] = 1_000_000.0,
            ["rope_local_base_freq"] = 10_000.0,
            ["sliding_window"] = 512,
            ["layer_types"] = layerTypes,
            ["use_bidirectional_attention"] = true,
            ["vocab_size"] = Vocabulary,
            ["bos_token_id"] = 2,
            ["eos_token_id"] = 1,
            ["pad_token_id"] = 0,
        });
        var tensors = new List<SafetensorsEntry> { Entry("model.embed_tokens.weight", [Vocabulary, Hidden], 0.05f), Entry("model.norm.weight", [Hidden], 0.1f) };
        for (int i = 0; i < Layers; i++)
        {
            string p = $"model.layers.{i}.";
            tensors.AddRange(
            [
                Entry(p + "input_layernorm.weight", [Hidden], 0.1f),
                Entry(p + "self_attn.q_proj.weight", [Heads * HeadDim, Hidden], 0.03f),
                Entry(p + "self_attn.k_proj.weight", [HeadDim, Hidden], 0.03f),
                Entry(p + "self_attn.v_proj.weight", [HeadDim, Hidden], 0.03f),
                Entry(p + "self_attn.o_proj.weight", [Hidden, Heads * HeadDim], 0.03f),
                Entry(p + "self_attn.q_norm.weight", [HeadDim], 0.1f),
                Entry(p + "self_attn.k_norm.weight", [HeadDim], 0.1f),
                Entry(p + "post_attention_layernorm.weight", [Hidden], 0.1f),
                Entry(p + "pre_feedforward_layernorm.weight", [Hidden], 0.1f),
                Entry(p + "post_feedforward_layernorm.weight", [Hidden], 0.1f),
                Entry(p + "mlp.gate_proj.weight", [FeedForward, Hidden], 0.03f),
                Entry(p + "mlp.up_proj.weight", [FeedForward, Hidden], 0.03f),
                Entry(p + "mlp.down_proj.weight", [Hidden, FeedForward], 0.03f),
            ]);
        }
        SafetensorsWriter.Write(Path.Combine(directory, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        Json(Path.Combine(directory, "modules.json"), new JsonArray(
            Module(0, "", "Transformer"), Module(1, "1_Pooling", "Pooling"), Module(2, "2_Dense", "Dense"), Module(3, "3_Dense", "Dense"), Module(4, "4_Normalize", "Normalize")));
        Directory.CreateDirectory(Path.Combine(directory, "1_Pooling"));
        Json(Path.Combine(directory, "1_Pooling", "config.json"), new JsonObject { ["pooling_mode_mean_tokens"] = true, ["include_prompt"] = true });
        Dense(directory, "2_Dense", Hidden, DenseWidth);
        Dense(directory, "3_Dense", DenseWidth, Hidden);
    }

    private static void Dense(string directory, string path, int inFeatures, int outFeatures)
    {
        Directory.CreateDirectory(Path.Combine(directory, path));
        SafetensorsWriter.Write(Path.Combine(directory, path, "model.safetensors"), [Entry("linear.weight", [outFeatures, inFeatures], 0.03f)]);
        Json(Path.Combine(directory, path, "config.json"), new JsonObject
        {
            ["in_features"] = inFeatures,
            ["out_features"] = outFeatures,
            ["bias"] = false,
            ["activation_function"] = "torch.nn.modules.linear.Identity",
        });
    }

    /// <summary>Uniform values in ±<paramref name="scale"/> from a fixed per-tensor seed (xorshift, fast enough for 300M values).</summary>
    private static SafetensorsEntry Entry(string name, long[] shape, float scale) =>
        new(name, SafetensorsDType.BF16, shape, (first, destination) =>
        {
            ulong state = (ulong)name.GetHashCode(StringComparison.Ordinal) ^ (ulong)(first + 1) * 0x9E3779B97F4A7C15UL;
            for (int i = 0; i < destination.Length; i++)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                destination[i] = scale * (((state >> 40) / (float)(1 << 24) * 2) - 1);
            }
        });

    private static JsonObject Module(int index, string path, string type) =>
        new() { ["idx"] = index, ["name"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture), ["path"] = path, ["type"] = $"sentence_transformers.models.{type}" };

    private static void Json(string path, JsonNode node) => File.WriteAllText(path, node.ToJsonString());
}
