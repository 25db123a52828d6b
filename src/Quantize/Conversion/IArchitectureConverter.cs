using LlamaEmbed.Gguf;

namespace LlamaEmbed.Conversion;

/// <summary>
/// One llama.cpp architecture's conversion rules: the GGUF architecture name, the hyperparameter keys, and the
/// output tensors (HF → GGUF names, shape checks, per-tensor transforms, extra tensors).
/// </summary>
internal interface IArchitectureConverter
{
    /// <summary>The <c>general.architecture</c> written (e.g. <c>gemma-embedding</c>).</summary>
    string Architecture { get; }

    /// <summary>Adds the architecture's hyperparameter keys (prefixed with <see cref="Architecture"/>).</summary>
    void WriteHyperparameters(ConversionContext context, GgufMetadata metadata);

    /// <summary>Plans every output tensor, validating names and shapes against config.json first.</summary>
    IReadOnlyList<PlannedTensor> PlanTensors(ConversionContext context);
}
