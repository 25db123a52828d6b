using LlamaEmbed.Gguf;

namespace LlamaEmbed.Tests;

/// <summary>
/// A minimal, valid model of each supported architecture (E=8, 2 layers, 2 heads of 4, 1 KV head, F=16, 6 tokens)
/// whose metadata and tensor list a test can edit before writing it.
/// </summary>
internal sealed class TinyModel
{
    public const int Embd = 8;
    public const int Ff = 16;
    public const int HeadDim = 4;
    public static readonly string[] Tokens = ["<pad>", "<eos>", "<bos>", "<unk>", "a", "b"];

    private TinyModel(string arch)
    {
        Architecture = arch;
    }

    public string Architecture { get; }

    public GgufMetadata Metadata { get; } = new();

    public List<(string Name, GgmlType Type, long[] Shape)> Tensors { get; } = [];

    public string Key(string suffix) => $"{Architecture}.{suffix}";

    public static TinyModel Create(string arch)
    {
        var model = new TinyModel(arch);
        GgufMetadata m = model.Metadata;
        m.Add("general.architecture", GgufValue.String(arch));
        m.Add("general.name", GgufValue.String($"tiny-{arch}"));
        m.Add("general.file_type", GgufValue.UInt32(0));
        m.Add(model.Key("context_length"), GgufValue.UInt32(64));
        m.Add(model.Key("embedding_length"), GgufValue.UInt32(Embd));
        m.Add(model.Key("block_count"), GgufValue.UInt32(2));
        m.Add(model.Key("feed_forward_length"), GgufValue.UInt32(Ff));
        m.Add(model.Key("attention.head_count"), GgufValue.UInt32(2));
        m.Add(model.Key("attention.head_count_kv"), GgufValue.UInt32(1));
        m.Add(model.Key("attention.key_length"), GgufValue.UInt32(HeadDim));
        m.Add(model.Key("attention.value_length"), GgufValue.UInt32(HeadDim));
        m.Add(model.Key("rope.freq_base"), GgufValue.Float32(1e6f));
        m.Add(model.Key("attention.layer_norm_rms_epsilon"), GgufValue.Float32(1e-6f));
        bool gemma = arch is "gemma-embedding" or "gemma3";
        if (arch == "gemma-embedding")
        {
            m.Add(model.Key("attention.sliding_window"), GgufValue.UInt32(4));
            m.Add(model.Key("attention.sliding_window_pattern"), GgufValue.Array([true, false]));
            m.Add(model.Key("pooling_type"), GgufValue.UInt32(1));
        }
        m.Add("tokenizer.ggml.model", GgufValue.String(gemma ? "llama" : "gpt2"));
        m.Add("tokenizer.ggml.pre", GgufValue.String(gemma ? "default" : arch == "qwen2" ? "qwen2" : "llama-bpe"));
        m.Add("tokenizer.ggml.tokens", GgufValue.Array(Tokens.ToArray()));
        m.Add("tokenizer.ggml.scores", GgufValue.Array(new float[Tokens.Length]));
        m.Add("tokenizer.ggml.token_type", GgufValue.Array(Enumerable.Repeat(1, Tokens.Length).ToArray()));
        if (!gemma)
        {
            m.Add("tokenizer.ggml.merges", GgufValue.Array(["a b"]));
        }
        m.Add("tokenizer.ggml.bos_token_id", GgufValue.UInt32(2));
        m.Add("tokenizer.ggml.eos_token_id", GgufValue.UInt32(1));
        if (gemma)
        {
            m.Add("tokenizer.ggml.add_space_prefix", GgufValue.Bool(false));
        }

        long v = Tokens.Length;
        var t = model.Tensors;
        t.Add(("token_embd.weight", GgmlType.F32, [Embd, v]));
        t.Add(("output_norm.weight", GgmlType.F32, [Embd]));
        for (int i = 0; i < 2; i++)
        {
            string b = $"blk.{i}.";
            t.Add((b + "attn_norm.weight", GgmlType.F32, [Embd]));
            t.Add((b + "attn_q.weight", GgmlType.F32, [Embd, 2 * HeadDim]));
            t.Add((b + "attn_k.weight", GgmlType.F32, [Embd, HeadDim]));
            t.Add((b + "attn_v.weight", GgmlType.F32, [Embd, HeadDim]));
            t.Add((b + "attn_output.weight", GgmlType.F32, [2 * HeadDim, Embd]));
            t.Add((b + "ffn_norm.weight", GgmlType.F32, [Embd]));
            t.Add((b + "ffn_gate.weight", GgmlType.F32, [Embd, Ff]));
            t.Add((b + "ffn_up.weight", GgmlType.F32, [Embd, Ff]));
            t.Add((b + "ffn_down.weight", GgmlType.F32, [Ff, Embd]));
            if (gemma)
            {
                t.Add((b + "post_attention_norm.weight", GgmlType.F32, [Embd]));
                t.Add((b + "attn_k_norm.weight", GgmlType.F32, [HeadDim]));
                t.Add((b + "attn_q_norm.weight", GgmlType.F32, [HeadDim]));
                t.Add((b + "post_ffw_norm.weight", GgmlType.F32, [Embd]));
            }
            if (arch == "qwen2")
            {
                t.Add((b + "attn_q.bias", GgmlType.F32, [2 * HeadDim]));
                t.Add((b + "attn_k.bias", GgmlType.F32, [HeadDim]));
                t.Add((b + "attn_v.bias", GgmlType.F32, [HeadDim]));
            }
        }
        return model;
    }

    public byte[] ToBytes() => GgufTestFiles.Write(Metadata, Tensors);

    public GgufReader Open() => GgufTestFiles.Read(ToBytes());

    public IReadOnlyList<GgufValidationProblem> Check()
    {
        using GgufReader reader = Open();
        return GgufModelValidator.Check(reader);
    }

    public void ReplaceTensor(string name, long[] shape)
    {
        int i = Tensors.FindIndex(t => t.Name == name);
        Tensors[i] = (name, Tensors[i].Type, shape);
    }
}
