using LlamaEmbed.Gguf;

namespace LlamaEmbed.Synthetic.Reference;

/// <summary>Tensor sources for <see cref="GemmaReferenceModel"/>.</summary>
public static class GemmaReferenceTensors
{
    /// <summary>
    /// Reads tensors from a GGUF file by name: F32, F16 and BF16 widen exactly; any other type goes through
    /// <paramref name="dequantize"/> (for example the managed dequantizers of <c>LlamaEmbed.Quantize</c>). Names the
    /// file lacks give null.
    /// </summary>
    /// <param name="reader">The open file; it must outlive the returned function's calls.</param>
    /// <param name="dequantize">Turns a quantized tensor into its float values in GGUF order; null to accept float types only.</param>
    /// <remarks>The returned function throws <see cref="NotSupportedException"/> for a quantized tensor when <paramref name="dequantize"/> is null.</remarks>
    public static Func<string, float[]?> FromGguf(GgufReader reader, Func<GgufTensorInfo, float[]>? dequantize = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return name =>
        {
            if (!reader.TryGetTensor(name, out GgufTensorInfo? info))
            {
                return null;
            }
            if (info.Type is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16)
            {
                return reader.ReadTensorAsFloat32(info);
            }
            return dequantize is not null
                ? dequantize(info)
                : throw new NotSupportedException($"Tensor '{name}' is {info.Type}; pass a dequantizer to read quantized tensors.");
        };
    }

    /// <summary>Builds the reference for a GGUF file: <see cref="GemmaReferenceConfig.FromGguf"/> plus <see cref="FromGguf"/>, norm weights as stored.</summary>
    /// <exception cref="NotSupportedException">The architecture or a feature is not modelled, or a tensor is quantized and no dequantizer was given.</exception>
    /// <exception cref="InvalidDataException">A key or tensor is missing or malformed.</exception>
    public static GemmaReferenceModel LoadModel(GgufReader reader, Func<GgufTensorInfo, float[]>? dequantize = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new GemmaReferenceModel(GemmaReferenceConfig.FromGguf(reader.Metadata), FromGguf(reader, dequantize));
    }
}
