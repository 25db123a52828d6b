namespace LlamaEmbed.Conversion;

/// <summary>Progress of a conversion, reported after each block of rows is written.</summary>
/// <param name="Tensor">The GGUF tensor being written.</param>
/// <param name="TensorIndex">Its zero-based position.</param>
/// <param name="TensorCount">How many tensors the file has.</param>
/// <param name="BytesWritten">Tensor bytes written so far.</param>
/// <param name="TotalBytes">Tensor bytes in the whole file.</param>
public sealed record ConversionProgress(string Tensor, int TensorIndex, int TensorCount, long BytesWritten, long TotalBytes)
{
    /// <summary>The fraction done, 0 to 1.</summary>
    public double Fraction => TotalBytes == 0 ? 1 : (double)BytesWritten / TotalBytes;
}

/// <summary>What <see cref="GgufConverter.Convert"/> wrote.</summary>
/// <param name="OutputPath">The GGUF file.</param>
/// <param name="Architecture">Its <c>general.architecture</c>.</param>
/// <param name="Profile">Its <c>llamaembed.profile</c>.</param>
/// <param name="TensorCount">Number of tensors.</param>
/// <param name="VocabularySize">Number of tokens.</param>
/// <param name="FileBytes">Size of the file.</param>
/// <param name="Notes">Decisions worth telling the user (merged adapter, dropped tied head, type fallbacks).</param>
public sealed record ConversionResult(string OutputPath, string Architecture, string Profile, int TensorCount, int VocabularySize, long FileBytes, IReadOnlyList<string> Notes);
