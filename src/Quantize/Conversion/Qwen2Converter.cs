using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>
/// Qwen2 / Qwen2.5 (the rank1 bases), written as <c>qwen2</c>: standard names with HF
/// <c>post_attention_layernorm</c> → <c>ffn_norm</c>, Q/K/V biases kept (F32), no RoPE permutation (NEOX), the
/// vocabulary padded to config.json's <c>vocab_size</c> with <c>[PAD{id}]</c>.
/// </summary>
internal sealed class Qwen2Converter : DecoderConverter
{
    public override string Architecture => "qwen2";

    public override void WriteHyperparameters(ConversionContext context, GgufMetadata metadata)
    {
        base.WriteHyperparameters(context, metadata);
        WritePoolingType(context, metadata);
    }
}
