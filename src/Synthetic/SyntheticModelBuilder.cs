using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic;

/// <summary>
/// Writes a synthetic model as GGUF, streaming one tensor at a time in chunks of 1 Mi elements, so memory stays
/// bounded whatever the shape (the 262,144 × 768 embedding is never held whole).
/// </summary>
/// <remarks>
/// <code>
/// var model = SyntheticModelBuilder.Write(SyntheticModels.Tiny(SyntheticArchitecture.GemmaEmbedding), "tiny.gguf");
/// int bos = model.Vocabulary.BosId;
/// </code>
/// </remarks>
public static class SyntheticModelBuilder
{
    /// <summary>Writes <paramref name="spec"/> to a new file at <paramref name="path"/> (overwriting it).</summary>
    /// <exception cref="ArgumentException">The spec is one llama.cpp would refuse (see <see cref="SyntheticModelSpec.Validate"/>).</exception>
    public static SyntheticModel Write(SyntheticModelSpec spec, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
        return WriteCore(spec, stream, path);
    }

    /// <summary>Writes <paramref name="spec"/> to <paramref name="stream"/>, which is left open.</summary>
    /// <exception cref="ArgumentException">The spec is one llama.cpp would refuse.</exception>
    public static SyntheticModel Write(SyntheticModelSpec spec, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(stream);
        spec.Validate();
        return WriteCore(spec, stream, path: null);
    }

    /// <summary>Writes <paramref name="spec"/> to memory and returns the bytes; for tiny models in tests.</summary>
    public static byte[] ToBytes(SyntheticModelSpec spec)
    {
        using var memory = new MemoryStream();
        Write(spec, memory);
        return memory.ToArray();
    }

    private static SyntheticModel WriteCore(SyntheticModelSpec spec, Stream stream, string? path)
    {
        SyntheticVocabulary vocabulary = spec.BuildVocabulary();
        GgufMetadata metadata = SyntheticMetadata.For(spec, vocabulary);
        IReadOnlyList<SyntheticTensor> tensors = SyntheticTensorLayout.For(spec, vocabulary.Count);
        using var writer = new GgufWriter(stream, leaveOpen: true);
        foreach (var (key, value) in metadata)
        {
            writer.Metadata.Add(key, value);
        }
        foreach (SyntheticTensor tensor in tensors)
        {
            writer.AddTensor(tensor.Name, tensor.Type, [.. tensor.Shape]);
        }
        writer.WriteHeader();
        foreach (SyntheticTensor tensor in tensors)
        {
            TensorValues.Write(spec, tensor, writer.WriteTensorData);
        }
        writer.Complete();
        return new SyntheticModel(spec, vocabulary, metadata, tensors, writer.BytesWritten, path);
    }
}
