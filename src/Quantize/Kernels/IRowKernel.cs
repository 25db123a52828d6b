namespace LlamaEmbed.Quantization;

/// <summary>
/// One ggml tensor type's row codec. A row is a whole number of blocks; the caller has checked both lengths against
/// <see cref="LlamaEmbed.Gguf.GgmlTypeInfo"/>. Implementations are static so that the generic drivers in
/// <see cref="GgmlQuantizer"/> compile to a direct, inlinable call per type.
/// </summary>
internal interface IRowKernel
{
    /// <summary>Encodes <paramref name="source"/> (a multiple of the block size) into <paramref name="destination"/>.</summary>
    static abstract void QuantizeRow(ReadOnlySpan<float> source, Span<byte> destination);

    /// <summary>Decodes the blocks in <paramref name="source"/> into <paramref name="destination"/>.</summary>
    static abstract void DequantizeRow(ReadOnlySpan<byte> source, Span<float> destination);
}
