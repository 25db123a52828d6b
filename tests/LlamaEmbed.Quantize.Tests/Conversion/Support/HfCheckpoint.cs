using System.Text.Json.Nodes;
using LlamaEmbed.Conversion;
using LlamaEmbed.Synthetic;

namespace LlamaEmbed.Tests.Conversion.Support;

/// <summary>A synthetic Hugging Face checkpoint on disk plus the exact values its files hold, for reference passes.</summary>
public sealed class HfCheckpoint
{
    public required string Directory { get; init; }

    /// <summary>Main-model tensors by HF name (values as stored, i.e. after dtype rounding).</summary>
    public required Dictionary<string, TestTensor> Tensors { get; init; }

    /// <summary>Dense / projection tensors by module folder (e.g. <c>2_Dense</c>) → <c>linear.weight</c>, <c>linear.bias</c>.</summary>
    public Dictionary<string, Dictionary<string, TestTensor>> Modules { get; } = [];

    /// <summary>LoRA factors by module (<c>model.layers.0.self_attn.q_proj</c>) → (A, B); with <see cref="LoraScale"/>.</summary>
    public Dictionary<string, (TestTensor A, TestTensor B)> Lora { get; } = [];

    public double LoraScale { get; set; }

    public required SyntheticVocabulary Vocabulary { get; init; }

    public required JsonObject Config { get; init; }

    public int Hidden => Config["hidden_size"]!.GetValue<int>();

    public int Layers => Config["num_hidden_layers"]!.GetValue<int>();

    /// <summary>
    /// The HF weight a GGUF tensor should hold, by HF conventions and computed independently of the converter:
    /// W + scale·B·A for LoRA modules (in double), rows as stored otherwise.
    /// </summary>
    public float[] MergedWeight(string hfName)
    {
        TestTensor tensor = Tensors[hfName];
        string module = hfName[..^".weight".Length];
        if (!Lora.TryGetValue(module, out var pair))
        {
            return tensor.Values;
        }
        int rows = (int)tensor.Shape[0];
        int cols = (int)tensor.Shape[1];
        int r = (int)pair.A.Shape[0];
        var merged = new float[tensor.Values.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                double delta = 0;
                for (int k = 0; k < r; k++)
                {
                    delta += (double)pair.B.Values[(i * r) + k] * pair.A.Values[(k * cols) + j];
                }
                merged[(i * cols) + j] = (float)(tensor.Values[(i * cols) + j] + (LoraScale * delta));
            }
        }
        return merged;
    }
}
