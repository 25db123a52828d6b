using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>
/// Qwen2 / Qwen2.5 (the rank1 bases), written as <c>qwen2</c>: standard names with HF
/// <c>post_attention_layernorm</c> → <c>ffn_norm</c>, Q/K/V biases kept (F32), no RoPE permutation (NEOX), the
/// vocabulary padded to config.json's <c>vocab_size</c> with <c>[PAD{id}]</c>.
/// </summary>
internal sealed class Qwen2Converter : TextArchitectureConverter
{
    private static readonly string[] s_layerTensors =
    [
        "attn_norm.weight", "attn_q.weight", "attn_k.weight", "attn_v.weight", "attn_output.weight",
        "ffn_norm.weight", "ffn_gate.weight", "ffn_up.weight", "ffn_down.weight",
    ];

    public override string Architecture => "qwen2";

    protected override IReadOnlyList<string> RequiredLayerTensors => s_layerTensors;

    protected override string PostAttentionNormName => "ffn_norm";

    public override void WriteHyperparameters(ConversionContext context, GgufMetadata metadata)
    {
        base.WriteHyperparameters(context, metadata);
        if (context.Options.Attention is not null)
        {
            throw new NotSupportedException("--attention applies to gemma3 outputs only.");
        }
        WritePoolingType(context, metadata);
    }
}
