namespace LlamaEmbed.Conversion;

/// <summary>Chooses the converter for a checkpoint by config.json's <c>architectures[0]</c> (then <c>model_type</c>).</summary>
internal static class ArchitectureRegistry
{
    /// <summary>The HF architectures accepted, for the error message.</summary>
    public const string Supported = "Gemma3TextModel (EmbeddingGemma → gemma-embedding; other Gemma-3 text models → gemma3), "
        + "Gemma3ForCausalLM and Gemma3ForConditionalGeneration → gemma3, Qwen2ForCausalLM and Qwen2Model → qwen2, "
        + "LlamaForCausalLM, LlamaModel and MistralForCausalLM → llama";

    /// <summary>The converter for <paramref name="checkpoint"/>.</summary>
    /// <exception cref="NotSupportedException">An architecture outside <see cref="Supported"/>.</exception>
    public static IArchitectureConverter Select(HuggingFaceCheckpoint checkpoint)
    {
        ModelConfig config = checkpoint.Config;
        string? architecture = config.Architecture;
        switch (architecture)
        {
            case "Gemma3TextModel":
                return new GemmaConverter(embedding: config.GetBool("use_bidirectional_attention") is true);
            case "Gemma3ForCausalLM" or "Gemma3ForConditionalGeneration":
                return new GemmaConverter(embedding: false);
            case "Qwen2ForCausalLM" or "Qwen2Model":
                return new Qwen2Converter();
            case "LlamaForCausalLM" or "LLaMAForCausalLM" or "LlamaModel" or "MistralForCausalLM":
                return new LlamaConverter();
            default:
                break;
        }
        return config.GetString("model_type") switch
        {
            "gemma3_text" or "gemma3" => new GemmaConverter(embedding: false),
            _ => throw new NotSupportedException($"config.json: architecture '{architecture ?? "(none)"}' is not supported; supported: {Supported}."),
        };
    }
}
