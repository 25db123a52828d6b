using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LlamaEmbed.Conversion;
using LlamaEmbed.Gguf;

namespace LlamaEmbed.Tests.Conversion.Support;

/// <summary>
/// llama.cpp's real vocabulary GGUFs (<c>native/.cache/…/test-data/models/ggml-vocab-*.gguf</c>) ship no Hugging Face
/// tokenizer files. This rebuilds the source side from the GGUF itself — a SentencePiece <c>tokenizer.model</c>
/// (pieces, scores, types) or a byte-level <c>tokenizer.json</c> (vocab, merges, added tokens, the family's split
/// regex) — plus a one-layer model whose embedding has one row per token, so the converter has a checkpoint to run on.
/// </summary>
public static class VocabularyGgufCheckpoint
{
    public static string VocabularyFolder => Path.Combine(RepoRoot(), "native", ".cache", "3.22.1", "test-data", "models");

    /// <summary>The texts and HF token ids llama.cpp's own tokenizer test records for a vocabulary (.inp / .out).</summary>
    public static IReadOnlyList<(string Text, int[] Ids)> Expectations(string name)
    {
        string folder = VocabularyFolder;
        string[] texts = File.ReadAllText(Path.Combine(folder, $"ggml-vocab-{name}.gguf.inp")).Split("\n__ggml_vocab_test__\n");
        string[] ids = File.ReadAllLines(Path.Combine(folder, $"ggml-vocab-{name}.gguf.out"));
        return [.. texts.Take(ids.Length).Select((t, i) => (t, ids[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray()))];
    }

    /// <summary>Writes the checkpoint for <c>ggml-vocab-<paramref name="name"/>.gguf</c> into <paramref name="directory"/>.</summary>
    public static void Write(string name, string directory, string architecture)
    {
        Directory.CreateDirectory(directory);
        using GgufReader reader = GgufReader.Open(Path.Combine(VocabularyFolder, $"ggml-vocab-{name}.gguf"));
        GgufMetadata m = reader.Metadata;
        string[] tokens = [.. m.GetArray<string>("tokenizer.ggml.tokens")];
        int[] types = m.TryGetArray<int>("tokenizer.ggml.token_type") is { } t ? [.. t] : [.. tokens.Select(_ => 1)];
        int? Id(string kind) => m.TryGetUInt32($"tokenizer.ggml.{kind}_token_id") is uint v ? (int)v : null;
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray(architecture),
            ["hidden_size"] = 32,
            ["intermediate_size"] = 32,
            ["num_hidden_layers"] = 1,
            ["num_attention_heads"] = 2,
            ["num_key_value_heads"] = 2,
            ["max_position_embeddings"] = 4096,
            ["rms_norm_eps"] = 1e-6,
            ["rope_theta"] = 10000.0,
            ["vocab_size"] = tokens.Length,
            ["tie_word_embeddings"] = true,
            ["bos_token_id"] = Id("bos"),
            ["eos_token_id"] = Id("eos"),
        };
        HfCheckpointBuilder.WriteJson(Path.Combine(directory, "config.json"), config);
        if (m.GetString("tokenizer.ggml.model") == "llama")
        {
            float[] scores = [.. m.GetArray<float>("tokenizer.ggml.scores")];
            SentencePieceModelWriter.Write(Path.Combine(directory, "tokenizer.model"), tokens, scores, [.. types.Select(x => (GgufTokenType)x)],
                Id("unknown") ?? 0, Id("bos") ?? 1, Id("eos") ?? 2, -1, addDummyPrefix: m.TryGetBool("tokenizer.ggml.add_space_prefix") ?? true);
        }
        else
        {
            WriteTokenizerJson(directory, tokens, types, [.. m.GetArray<string>("tokenizer.ggml.merges")], m.GetString("tokenizer.ggml.pre"));
        }
        var entries = new List<SafetensorsEntry> { Entry("model.embed_tokens.weight", [tokens.Length, 32]), Entry("model.norm.weight", [32]) };
        foreach (string part in (string[])["input_layernorm", "post_attention_layernorm"])
        {
            entries.Add(Entry($"model.layers.0.{part}.weight", [32]));
        }
        foreach (string part in (string[])["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"])
        {
            entries.Add(Entry($"model.layers.0.{part}.weight", [32, 32]));
        }
        SafetensorsWriter.Write(Path.Combine(directory, "model.safetensors"), entries);
    }

    private static void WriteTokenizerJson(string directory, string[] tokens, int[] types, string[] merges, string pre)
    {
        var vocab = new JsonObject();
        var added = new JsonArray();
        for (int id = 0; id < tokens.Length; id++)
        {
            if (types[id] is (int)GgufTokenType.Control or (int)GgufTokenType.UserDefined)
            {
                added.Add(new JsonObject { ["id"] = id, ["content"] = tokens[id], ["special"] = types[id] == (int)GgufTokenType.Control, ["normalized"] = false });
            }
            else if (types[id] != (int)GgufTokenType.Unused)
            {
                vocab[tokens[id]] = id;
            }
        }
        string regex = BpePreTokenizers.RegexFor(pre) ?? throw new NotSupportedException($"No split regex known for pre '{pre}'.");
        var tokenizer = new JsonObject
        {
            ["added_tokens"] = added,
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = regex }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false }),
            },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = new JsonArray([.. merges.Select(x => (JsonNode)JsonValue.Create(x)!)]) },
        };
        HfCheckpointBuilder.WriteJson(Path.Combine(directory, "tokenizer.json"), tokenizer);
    }

    private static SafetensorsEntry Entry(string name, long[] shape) =>
        new(name, SafetensorsDType.F16, shape, (first, destination) =>
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = (float)Math.Sin((first + i) * 0.37) * 0.1f;
            }
        });

    private static string RepoRoot([CallerFilePath] string source = "")
    {
        for (DirectoryInfo? dir = new(Path.GetDirectoryName(source)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LlamaEmbed.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No LlamaEmbed.sln above {source}.");
    }
}
