using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>What <see cref="SyntheticModelBuilder"/> wrote: the spec, its vocabulary, metadata and tensors, and the byte count.</summary>
/// <param name="Spec">The spec the model was built from.</param>
/// <param name="Vocabulary">The tokenizer vocabulary written into the file.</param>
/// <param name="Metadata">Every metadata key written.</param>
/// <param name="Tensors">The tensors in file order.</param>
/// <param name="Bytes">Total bytes written.</param>
/// <param name="Path">The file written, or null when written to a stream.</param>
public sealed record SyntheticModel(
    SyntheticModelSpec Spec,
    SyntheticVocabulary Vocabulary,
    GgufMetadata Metadata,
    IReadOnlyList<SyntheticTensor> Tensors,
    long Bytes,
    string? Path)
{
    /// <summary>The values of the named tensor as stored in the file (rounded to its type), regenerated from the spec.</summary>
    /// <exception cref="KeyNotFoundException">The model has no such tensor.</exception>
    public float[] ReadTensor(string name)
    {
        SyntheticTensor tensor = Tensors.FirstOrDefault(t => t.Name == name)
            ?? throw new KeyNotFoundException($"The synthetic model has no tensor '{name}'.");
        return TensorValues.Read(Spec, tensor);
    }
}
