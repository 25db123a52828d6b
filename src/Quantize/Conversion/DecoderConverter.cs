using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>
/// The plain pre-norm decoders (Qwen2 → <c>qwen2</c>, Llama/Mistral → <c>llama</c>): the same nine tensors per layer,
/// HF <c>post_attention_layernorm</c> mapped to <c>ffn_norm</c>, and always causal, so <c>--attention</c> is refused.
/// </summary>
internal abstract class DecoderConverter : TextArchitectureConverter
{
    private static readonly string[] s_layerTensors =
    [
        "attn_norm.weight", "attn_q.weight", "attn_k.weight", "attn_v.weight", "attn_output.weight",
        "ffn_norm.weight", "ffn_gate.weight", "ffn_up.weight", "ffn_down.weight",
    ];

    protected override IReadOnlyList<string> RequiredLayerTensors => s_layerTensors;

    protected override string PostAttentionNormName => "ffn_norm";

    public override void WriteHyperparameters(ConversionContext context, GgufMetadata metadata)
    {
        base.WriteHyperparameters(context, metadata);
        if (context.Options.Attention is not null)
        {
            throw new NotSupportedException("--attention applies to gemma3 outputs only.");
        }
    }
}
