namespace LlamaEmbed.Quantization;

/// <summary>How far a <see cref="GgufQuantizer"/> run is, reported after each slab of rows.</summary>
/// <param name="TensorsDone">Tensors fully written.</param>
/// <param name="TensorCount">Tensors in the file.</param>
/// <param name="CurrentTensor">The tensor being written (the native engine reports the one the output size points at).</param>
/// <param name="Fraction">Share of the tensor data written, 0 to 1.</param>
public readonly record struct GgufQuantizationProgress(int TensorsDone, int TensorCount, string? CurrentTensor, double Fraction);
