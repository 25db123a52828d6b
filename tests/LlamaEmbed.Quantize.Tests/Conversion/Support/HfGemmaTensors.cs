namespace LlamaEmbed.Tests.Conversion.Support;

/// <summary>
/// Serves a checkpoint's Hugging Face tensors under llama.cpp's GGUF names for <c>GemmaReferenceModel</c>, with
/// the naming written out here independently of the converter and no +1 on norms (the reference gets
/// normWeightOffset = 1). LoRA modules are served merged (<see cref="HfCheckpoint.MergedWeight"/>).
/// </summary>
public static class HfGemmaTensors
{
    private static readonly (string Gguf, string Hf)[] s_layer =
    [
        ("attn_norm.weight", "input_layernorm.weight"),
        ("attn_q.weight", "self_attn.q_proj.weight"),
        ("attn_k.weight", "self_attn.k_proj.weight"),
        ("attn_v.weight", "self_attn.v_proj.weight"),
        ("attn_output.weight", "self_attn.o_proj.weight"),
        ("attn_q_norm.weight", "self_attn.q_norm.weight"),
        ("attn_k_norm.weight", "self_attn.k_norm.weight"),
        ("post_attention_norm.weight", "post_attention_layernorm.weight"),
        ("ffn_norm.weight", "pre_feedforward_layernorm.weight"),
        ("post_ffw_norm.weight", "post_feedforward_layernorm.weight"),
        ("ffn_gate.weight", "mlp.gate_proj.weight"),
        ("ffn_up.weight", "mlp.up_proj.weight"),
        ("ffn_down.weight", "mlp.down_proj.weight"),
    ];

    public static Func<string, float[]?> For(HfCheckpoint checkpoint) => name =>
    {
        switch (name)
        {
            case "token_embd.weight": return checkpoint.Tensors["model.embed_tokens.weight"].Values;
            case "output_norm.weight": return checkpoint.Tensors["model.norm.weight"].Values;
            case "dense_2.weight": return checkpoint.Modules.ContainsKey("3_Dense") ? checkpoint.Modules["2_Dense"]["linear.weight"].Values : null;
            case "dense_3.weight": return checkpoint.Modules.TryGetValue("3_Dense", out var d3) ? d3["linear.weight"].Values : null;
            default: break;
        }
        if (!name.StartsWith("blk.", StringComparison.Ordinal))
        {
            return null;
        }
        int dot = name.IndexOf('.', 4);
        string layer = name[4..dot];
        string part = name[(dot + 1)..];
        string? hf = s_layer.FirstOrDefault(p => p.Gguf == part).Hf;
        if (hf is null)
        {
            return null;
        }
        string hfName = $"model.layers.{layer}.{hf}";
        return checkpoint.Tensors.ContainsKey(hfName) ? checkpoint.MergedWeight(hfName) : null;
    };
}
